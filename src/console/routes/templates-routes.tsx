/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { ConfigError } from "../../config/env.js";
import { DEFAULT_TEMPLATES, TEMPLATE_IDS, type TemplateId } from "../../messaging/default-templates.js";
import { saveConfigChange, TEMPLATE_LANGUAGES } from "../../runtime/config-change.js";
import type { Services } from "../../runtime/services.js";
import { listStaff } from "../../store/staff-accounts.js";
import { latestTemplateVersions, listTemplateVersions } from "../../store/template-versions.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { checkTemplate, isTemplateKey, startingText, type TemplateLanguage } from "../data/template-check.js";
import { wordDiff } from "../data/word-diff.js";
import { readForm, text } from "../forms.js";
import { renderFragment, renderPage, requireAccess, viewerOf } from "../page.js";
import { TemplateCheckFragment } from "../pages/template-check-fragment.js";
import { TemplateEditorPage, TemplateHistoryPage, TemplatesListPage, type HistoryEntry, type TemplateRow } from "../pages/templates-pages.js";
import { NotFoundPage } from "../pages/status-pages.js";
import { displayZone, formatWhen } from "../time.js";

/**
 * The templates studio (managers and administrators). A save is a new version of the stored
 * practice config, refused while lint finds an error, audited, and used by the next text decided.
 */
const MAX_LENGTH = 1600;

export function mountTemplateRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "templates");
  const when = (at: Date) => formatWhen(at, displayZone(services.config), services.clock.now());
  const key = (c: Context<ConsoleEnv>): { id: TemplateId; language: TemplateLanguage } | null => {
    const id = c.req.param("id") ?? "";
    const language = c.req.param("language") ?? "";
    return isTemplateKey(id, language) ? { id, language: language as TemplateLanguage } : null;
  };
  const notFound = (c: Context<ConsoleEnv>) => renderPage(c, services, (page) => <NotFoundPage page={page} what="That template or version" back={{ href: "/templates", label: "All templates" }} />, 404);

  app.get("/templates", guard, async (c) => {
    const versions = await latestTemplateVersions(services.store);
    const rows: TemplateRow[] = TEMPLATE_IDS.flatMap((id) =>
      TEMPLATE_LANGUAGES.map((language) => {
        const findings = checkTemplate(services.config, id, language, startingText(services.config, id, language), services.clock.now()).lint.findings;
        return { id, language, custom: Boolean(services.config.templates[id]?.[language]), version: versions.get(`${id}.${language}`), errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length };
      }),
    );
    return renderPage(c, services, (page) => <TemplatesListPage page={page} rows={rows} when={when} />);
  });

  const editor = async (c: Context<ConsoleEnv>, id: TemplateId, language: TemplateLanguage, opts: { text?: string; error?: string; notice?: string; status?: 200 | 422 } = {}) => {
    const body = opts.text ?? startingText(services.config, id, language);
    const current = (await listTemplateVersions(services.store, id, language))[0];
    const check = checkTemplate(services.config, id, language, body, services.clock.now());
    const custom = Boolean(services.config.templates[id]?.[language]);
    return renderPage(c, services, (page) => <TemplateEditorPage page={page} id={id} language={language} text={body} check={check} current={current} custom={custom} when={when} error={opts.error} notice={opts.notice} />, opts.status ?? 200);
  };

  app.get("/templates/:id/:language", guard, (c) => {
    const k = key(c);
    if (!k) return notFound(c);
    const saved = c.req.query("saved");
    return editor(c, k.id, k.language, saved ? { notice: `Saved as version ${saved}. Texts decided from now on use it.` } : {});
  });

  app.post("/templates/:id/:language/check", guard, async (c) => {
    const k = key(c);
    if (!k) return c.text("No such template", 404);
    const body = text(await readForm(c), "text").slice(0, MAX_LENGTH * 2);
    return renderFragment(c, <TemplateCheckFragment check={checkTemplate(services.config, k.id, k.language, body, services.clock.now())} />);
  });

  const save = async (c: Context<ConsoleEnv>, id: TemplateId, language: TemplateLanguage, body: string | null, action: string) => {
    const saved = await saveConfigChange(services, {
      by: `staff:${viewerOf(c).id}`,
      action,
      subjectRef: `template:${id}.${language}`,
      change: (raw) => {
        const templates = { ...((raw.templates as Record<string, Record<string, string>> | undefined) ?? {}) };
        const locales = { ...(templates[id] ?? {}) };
        if (body === null) delete locales[language];
        else locales[language] = body;
        if (Object.keys(locales).length) templates[id] = locales;
        else delete templates[id];
        return { ...raw, templates };
      },
    });
    return saved;
  };

  app.post("/templates/:id/:language", guard, async (c) => {
    const k = key(c);
    if (!k) return notFound(c);
    const body = text(await readForm(c), "text").trim();
    const refuse = (error: string) => editor(c, k.id, k.language, { text: body, error, status: 422 });
    if (!body) return refuse("Enter the text of the message");
    if (body.length > MAX_LENGTH) return refuse(`Keep the text under ${MAX_LENGTH} characters (Twilio's limit); it has ${body.length}`);
    const check = checkTemplate(services.config, k.id, k.language, body, services.clock.now());
    const firstError = check.lint.findings.find((f) => f.severity === "error");
    if (firstError) return refuse(`Not saved: fix the problems marked Must fix first. ${firstError.message}`);
    if (services.config.templates[k.id]?.[k.language] === body) return editor(c, k.id, k.language, { notice: "Nothing changed: this is already the text in use." });
    try {
      await save(c, k.id, k.language, body, "template.saved");
    } catch (err) {
      if (err instanceof ConfigError) return refuse(`Not saved: ${err.message}`);
      throw err;
    }
    const version = (await listTemplateVersions(services.store, k.id, k.language))[0]?.version ?? 0;
    return c.redirect(`/templates/${k.id}/${k.language}?saved=${version}`, 303);
  });

  app.get("/templates/:id/:language/history", guard, async (c) => {
    const k = key(c);
    if (!k) return notFound(c);
    const versions = await listTemplateVersions(services.store, k.id, k.language);
    const builtIn: { minimal?: string; none?: string } = DEFAULT_TEMPLATES[k.id][k.language];
    const builtInText = builtIn.minimal ?? builtIn.none ?? "";
    const emails = new Map((await listStaff(services.store)).map((s) => [`staff:${s.id}`, s.email]));
    const entries: HistoryEntry[] = versions.map((version, i) => {
      const previous = versions[i + 1];
      return { version, diff: previous ? wordDiff(previous.body ?? builtInText, version.body ?? builtInText) : null, staffEmail: emails.get(version.createdBy) };
    });
    const restored = c.req.query("restored");
    return renderPage(c, services, (page) => <TemplateHistoryPage page={page} id={k.id} language={k.language} entries={entries} builtIn={builtInText} when={when} notice={restored ? `Version ${restored} is the text in use again.` : undefined} />);
  });

  app.post("/templates/:id/:language/restore", guard, async (c) => {
    const k = key(c);
    if (!k) return notFound(c);
    const wanted = Number(text(await readForm(c), "version"));
    const version = (await listTemplateVersions(services.store, k.id, k.language)).find((v) => v.version === wanted);
    if (!version) return notFound(c);
    try {
      await save(c, k.id, k.language, version.body, "template.restored");
    } catch (err) {
      // An older text can fail a rule added since: it opens in the editor to be fixed.
      if (err instanceof ConfigError) return editor(c, k.id, k.language, { text: version.body ?? "", error: `Version ${wanted} was not restored: ${err.message}`, status: 422 });
      throw err;
    }
    return c.redirect(`/templates/${k.id}/${k.language}/history?restored=${wanted}`, 303);
  });
}
