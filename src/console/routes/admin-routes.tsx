/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { z } from "zod";
import type { Services } from "../../runtime/services.js";
import { createApiKey, listApiKeys, revokeApiKey } from "../../store/api-keys.js";
import { getStaff, listStaff, STAFF_ROLES, StaffExistsError } from "../../store/staff-accounts.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { parseForm, type FieldErrors, type FormValues } from "../forms.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { ApiKeysPage, StaffAdminPage } from "../pages/admin-pages.js";
import { addStaffMember, disableStaffMember, newSignInLink } from "../staff-admin.js";
import { displayZone, formatWhen } from "../time.js";

/** Administrators only: staff accounts and API keys. Every change is audited with who made it. */
const StaffSchema = z.object({
  email: z.string().trim().min(1, "Enter their work email").email("Enter a work email, like name@practice.org").max(320),
  role: z.enum(STAFF_ROLES, { message: "Choose a role" }),
});

const KeySchema = z.object({
  label: z.string().trim().min(1, "Say what the key is for").max(100, "Keep the label under 100 characters"),
  scope: z.enum(["read", "write"], { message: "Choose what the key can do" }),
});

const NOTICES: Record<string, string> = { disabled: "Account disabled; its sessions ended.", revoked: "Key revoked." };

function baseUrl(c: Context, services: Services): string {
  return services.env.PUBLIC_URL ?? new URL(c.req.url).origin;
}

export function mountAdminRoutes(app: ConsoleApp, services: Services): void {
  const staffGuard = requireAccess(services, "staff-admin");
  const keysGuard = requireAccess(services, "api-keys");
  const when = (at: Date) => formatWhen(at, displayZone(services.config), services.clock.now());

  const staffPage = async (c: Context<ConsoleEnv>, extra: { link?: { email: string; url: string }; values?: FormValues; errors?: FieldErrors; status?: 200 | 201 | 422 } = {}) => {
    const staff = await listStaff(services.store);
    return renderPage(c, services, (page) => <StaffAdminPage page={page} staff={staff} when={when} now={services.clock.now()} notice={NOTICES[c.req.query("notice") ?? ""]} {...extra} />, extra.status ?? 200);
  };

  app.get("/admin/staff", staffGuard, (c) => staffPage(c));

  app.post("/admin/staff", staffGuard, async (c) => {
    const form = await parseForm(c, StaffSchema);
    if (!form.ok) return staffPage(c, { values: form.values, errors: form.errors, status: 422 });
    try {
      const added = await addStaffMember(services, form.data, baseUrl(c, services), `staff:${viewerOf(c).id}`);
      return staffPage(c, { link: { email: added.staff.email, url: added.link }, status: 201 });
    } catch (err) {
      if (err instanceof StaffExistsError) return staffPage(c, { values: form.values, errors: { email: "Someone already has an account with this email: give them a new sign-in link instead" }, status: 422 });
      throw err;
    }
  });

  app.post("/admin/staff/:id/link", staffGuard, async (c) => {
    const staff = await getStaff(services.store, c.req.param("id"));
    if (!staff?.active) return c.redirect("/admin/staff", 303);
    const url = await newSignInLink(services, staff, baseUrl(c, services), `staff:${viewerOf(c).id}`);
    return staffPage(c, { link: { email: staff.email, url } });
  });

  app.post("/admin/staff/:id/disable", staffGuard, async (c) => {
    const staff = await getStaff(services.store, c.req.param("id"));
    if (staff && staff.id !== viewerOf(c).id) await disableStaffMember(services, staff, `staff:${viewerOf(c).id}`);
    return c.redirect("/admin/staff?notice=disabled", 303);
  });

  const keysPage = async (c: Context<ConsoleEnv>, extra: { created?: string; values?: FormValues; errors?: FieldErrors; status?: 200 | 201 | 422 } = {}) => {
    const keys = await listApiKeys(services.store);
    return renderPage(c, services, (page) => <ApiKeysPage page={page} keys={keys} when={when} notice={NOTICES[c.req.query("notice") ?? ""]} {...extra} />, extra.status ?? 200);
  };

  app.get("/admin/api-keys", keysGuard, (c) => keysPage(c));

  app.post("/admin/api-keys", keysGuard, async (c) => {
    const form = await parseForm(c, KeySchema);
    if (!form.ok) return keysPage(c, { values: form.values, errors: form.errors, status: 422 });
    const created = await createApiKey(services.store, form.data.scope, form.data.label, services.clock.now());
    await auditStaff(services, viewerOf(c).id, "api_key.created", { subjectRef: `api-key:${created.id}`, decision: form.data.scope });
    return keysPage(c, { created: created.key, status: 201 });
  });

  app.post("/admin/api-keys/:id/revoke", keysGuard, async (c) => {
    const id = c.req.param("id");
    if (await revokeApiKey(services.store, id, services.clock.now())) await auditStaff(services, viewerOf(c).id, "api_key.revoked", { subjectRef: `api-key:${id}` });
    return c.redirect("/admin/api-keys?notice=revoked", 303);
  });
}
