import { afterEach, describe, expect, it } from "vitest";
import { CONSOLE_CSP } from "../../src/console/security/headers.js";
import type { StaffRole } from "../../src/store/console-tables.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const PAGES = ["/today", "/inbox", "/waitlist", "/patients", "/templates", "/compliance", "/settings", "/insights", "/admin/staff", "/admin/api-keys"] as const;
const ALLOWED: Record<StaffRole, readonly string[]> = {
  "front-desk": ["/today", "/inbox", "/waitlist", "/patients"],
  manager: ["/today", "/inbox", "/waitlist", "/patients", "/templates", "/compliance", "/settings", "/insights"],
  admin: PAGES,
};

describe("console roles", () => {
  it.each(Object.entries(ALLOWED))("%s opens its pages and gets 403 (with the reason and an audit entry) on the others", async (role, allowed) => {
    rig = await openConsoleRig();
    const browser = await rig.signIn(role as StaffRole);
    for (const path of PAGES) {
      const res = await browser.get(path);
      const expected = allowed.includes(path) ? 200 : 403;
      expect(`${path} ${res.status}`).toBe(`${path} ${expected}`);
      const text = await pageText(res);
      if (expected === 403) expect(text).toContain("You do not have access to this page");
      expect((await browser.get(path)).headers.get("content-security-policy")).toBe(CONSOLE_CSP);
    }
    const denied = await rig.services.store.db.selectFrom("audit_log").select(["actor", "decision"]).where("action", "=", "console.access_denied").execute();
    expect(denied).toHaveLength((PAGES.length - allowed.length) * 2);
    expect(denied.every((d) => d.actor === `staff:${browser.staff.id}` && d.decision === "deny")).toBe(true);
  });

  it("the menu offers a role only what it may open, but a hidden link is not the check: the page itself refuses", async () => {
    rig = await openConsoleRig();
    const desk = await rig.signIn("front-desk");
    const html = await (await desk.get("/today")).text();
    expect(html).toContain('href="/inbox"');
    expect(html).not.toContain('href="/admin/staff"');
    expect((await desk.post("/admin/staff", { email: "new@clinic.test", role: "admin" })).status).toBe(403);
    expect(await rig.services.store.db.selectFrom("staff_accounts").select("email").where("email", "=", "new@clinic.test").executeTakeFirst()).toBeUndefined();
  });

  it("an administrator adds a colleague, gets a one-time sign-in link, and can disable them", async () => {
    rig = await openConsoleRig();
    const admin = await rig.signIn("admin");
    const bad = await admin.post("/admin/staff", { email: "not-an-email", role: "front-desk" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('value="not-an-email"');
    expect(badHtml).toContain("Enter a work email");
    const added = await admin.post("/admin/staff", { email: "desk@clinic.test", role: "front-desk" });
    expect(added.status).toBe(201);
    const link = /\/welcome\/[A-Za-z0-9_-]+/.exec(await added.text())?.[0] ?? "";
    expect(link).not.toBe("");
    expect((await rig.client().get(link)).status).toBe(200);
    const added2 = await rig.services.store.db.selectFrom("staff_accounts").select(["id", "status"]).where("email", "=", "desk@clinic.test").executeTakeFirstOrThrow();
    await admin.get("/admin/staff");
    expect((await admin.post(`/admin/staff/${added2.id}/disable`)).status).toBe(303);
    expect((await rig.services.store.db.selectFrom("staff_accounts").select("status").where("id", "=", added2.id).executeTakeFirstOrThrow()).status).toBe("disabled");
    expect((await rig.client().get(link)).status).toBe(410);
  });
});

describe("console CSRF", () => {
  it("refuses a signed-in POST without the token, with a wrong token, or from another site, and changes nothing", async () => {
    rig = await openConsoleRig();
    const admin = await rig.signIn("admin");
    const attempts = [
      await admin.post("/admin/api-keys", { label: "no token", scope: "read" }, { csrf: null }),
      await admin.post("/admin/api-keys", { label: "wrong token", scope: "read" }, { csrf: "not-the-token" }),
      await admin.post("/admin/api-keys", { label: "other site", scope: "read" }, { headers: { origin: "https://evil.example" } }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(await pageText(res)).toContain("This form has expired");
    }
    expect(await rig.services.store.db.selectFrom("api_keys").selectAll().execute()).toEqual([]);
    const ok = await admin.post("/admin/api-keys", { label: "Zapier", scope: "read" });
    expect(ok.status).toBe(201);
    expect(await rig.services.store.db.selectFrom("api_keys").select("label").execute()).toEqual([{ label: "Zapier" }]);
  });

  it("refuses a sign-in posted without the signed-out form's cookie token", async () => {
    rig = await openConsoleRig();
    const staff = await rig.addStaff("front-desk");
    const fresh = rig.client();
    expect((await fresh.post("/sign-in", { email: staff.email, password: "whatever it is" }, { csrf: "guessed" })).status).toBe(403);
  });

  it("a script's request carries the token in a header", async () => {
    rig = await openConsoleRig();
    const desk = await rig.signIn("front-desk");
    expect((await desk.post("/session/keepalive", {}, { csrf: null, headers: { "x-csrf-token": desk.token } })).status).toBe(204);
    expect((await desk.post("/session/keepalive", {}, { csrf: null })).status).toBe(403);
  });
});

describe("console headers and assets", () => {
  it("serves its CSS and script from minnow itself; pages load nothing from anywhere else and are never cached", async () => {
    rig = await openConsoleRig();
    const desk = await rig.signIn("front-desk");
    const res = await desk.get("/today");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    const external = [...html.matchAll(/(?:src|href)="(https?:)?\/\/[^"]*"/g)].map((m) => m[0]);
    expect(external).toEqual([]);
    for (const asset of ["/console/assets/pico.min.css", "/console/assets/console.css", "/console/assets/console.js"]) {
      const a = await rig.app.request(asset);
      expect(a.status).toBe(200);
      expect((await a.text()).length).toBeGreaterThan(1000);
    }
    expect((await rig.app.request("/console/assets/../../package.json")).status).toBe(404);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain("unsafe-inline");
  });

  it("leaves the API and webhooks alone: no session or CSRF rules on them", async () => {
    rig = await openConsoleRig();
    const health = await rig.app.request("/health");
    expect(health.status).toBe(200);
    expect(health.headers.get("content-security-policy")).toBeNull();
  });
});
