/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { ConfigError } from "../../config/env.js";
import { saveConfigChange } from "../../runtime/config-change.js";
import type { Services } from "../../runtime/services.js";
import { listPracticeConfigVersions, loadLatestPracticeConfig } from "../../store/practice-config-versions.js";
import { listStaff } from "../../store/staff-accounts.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { applySettingsForm, settingsValues } from "../data/settings-form.js";
import { readForm, type FieldErrors, type FormValues } from "../forms.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { SettingsPage } from "../pages/settings-page.js";
import { displayZone, formatWhen } from "../time.js";

/** Settings (managers and administrators): a save is a new config version, audited, in force at once. */
export function mountSettingsRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "settings");
  const when = (at: Date) => formatWhen(at, displayZone(services.config), services.clock.now());

  const page = async (c: Context<ConsoleEnv>, extra: { values?: FormValues; errors?: FieldErrors; notice?: string; status?: 200 | 422 } = {}) => {
    const [versions, staff] = await Promise.all([listPracticeConfigVersions(services.store, { limit: 20 }), listStaff(services.store)]);
    const emails = new Map(staff.map((s) => [`staff:${s.id}`, s.email]));
    return renderPage(c, services, (p) => <SettingsPage page={p} values={extra.values ?? settingsValues(services.config)} errors={extra.errors} notice={extra.notice} versions={versions} emails={emails} when={when} />, extra.status ?? 200);
  };

  app.get("/settings", guard, (c) => page(c, c.req.query("saved") ? { notice: `Saved as version ${c.req.query("saved")}. minnow uses it from now on.` } : {}));

  app.post("/settings", guard, async (c) => {
    const values = await readForm(c);
    const latest = await loadLatestPracticeConfig(services.store);
    const base = latest && typeof latest.raw === "object" && latest.raw !== null ? (latest.raw as Record<string, unknown>) : {};
    const result = applySettingsForm(base, services.config, values);
    if (!result.ok) return page(c, { values, errors: result.errors, status: 422 });
    if (!result.changed.length) return page(c, { notice: "Nothing changed." });
    try {
      const saved = await saveConfigChange(services, { by: `staff:${viewerOf(c).id}`, action: "settings.saved", subjectRef: "config:settings", details: { changed: result.changed.join(",") }, change: () => result.raw });
      return c.redirect(`/settings?saved=${saved.version}`, 303);
    } catch (err) {
      if (err instanceof ConfigError) return page(c, { values, errors: { form: err.message }, status: 422 });
      throw err;
    }
  });
}
