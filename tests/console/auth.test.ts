import { afterEach, describe, expect, it } from "vitest";
import { sandboxManagerLink, SANDBOX_MANAGER_EMAIL } from "../../src/console/sign-in-links.js";
import { findStaffByEmail, getStaff } from "../../src/store/staff-accounts.js";
import { disableStaffMember } from "../../src/console/staff-admin.js";
import { consoleClient, openConsoleRig, PASSWORD, pageText, type ConsoleRig } from "./helpers/console-rig.js";

let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const minutes = (n: number) => n * 60_000;

function later(r: ConsoleRig, ms: number): void {
  r.services.setNow(new Date(r.services.clock.now().getTime() + ms));
}

describe("console sign-in", () => {
  it("a one-time link lets the holder choose a password and signs them in; the link then refuses a second use", async () => {
    rig = await openConsoleRig();
    const link = await sandboxManagerLink(rig.services, "https://minnow.example.test");
    const path = new URL(link).pathname;
    const browser = rig.client();
    const form = await browser.get(path);
    expect(form.status).toBe(200);
    expect(await pageText(form)).toContain(SANDBOX_MANAGER_EMAIL);

    const tooShort = await browser.post(path, { password: "short", confirm: "short" });
    expect(tooShort.status).toBe(422);
    expect(await pageText(tooShort)).toContain("Use at least 12 characters");

    const set = await browser.post(path, { password: PASSWORD, confirm: PASSWORD });
    expect(set.status).toBe(303);
    expect(set.headers.get("location")).toBe("/today");
    expect((await browser.get("/today")).status).toBe(200);
    expect((await findStaffByEmail(rig.services.store, SANDBOX_MANAGER_EMAIL))?.passwordSetAt).not.toBeNull();

    const again = rig.client();
    await again.get(path).then((r) => expect(r.status).toBe(410));
    expect((await again.post(path, { password: PASSWORD, confirm: PASSWORD })).status).toBe(410);
  });

  it("a link past its expiry is refused", async () => {
    rig = await openConsoleRig({ config: { console: { signInLinkHours: 1 } } });
    const path = new URL(await sandboxManagerLink(rig.services, "http://127.0.0.1:8787")).pathname;
    later(rig, minutes(61));
    expect((await rig.client().get(path)).status).toBe(410);
  });

  it("the session cookie is HttpOnly and SameSite=Strict, and Secure when PUBLIC_URL is https", async () => {
    for (const [publicUrl, secure] of [["https://minnow.example.test", true], ["http://127.0.0.1:8787", false]] as const) {
      const r = await openConsoleRig({ env: { PUBLIC_URL: publicUrl } });
      try {
        const staff = await r.addStaff("front-desk");
        const browser = r.client();
        await browser.get("/sign-in");
        const res = await browser.post("/sign-in", { email: staff.email, password: PASSWORD });
        const cookie = res.headers.getSetCookie().find((c) => c.startsWith("minnow_session=")) ?? "";
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Strict/);
        expect(/;\s*Secure/.test(cookie)).toBe(secure);
      } finally {
        await r.dispose();
      }
    }
  });

  it("a wrong password is refused with the email kept and the error beside the password field", async () => {
    rig = await openConsoleRig();
    const staff = await rig.addStaff("front-desk");
    const browser = rig.client();
    await browser.get("/sign-in");
    const res = await browser.post("/sign-in", { email: staff.email, password: "not the password at all" });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain(`value="${staff.email}"`);
    expect(html).toMatch(/id="f-password-error"[^>]*>.*The email or password is wrong/s);
    expect(html).toContain('href="#f-password"');
    expect(browser.cookies.has("minnow_session")).toBe(false);
  });

  it("locks an account after repeated wrong passwords, refuses even the right one while locked, and lets it in after the lock", async () => {
    rig = await openConsoleRig({ config: { console: { lockoutAfterFailedSignIns: 3, lockoutMinutes: 10 } } });
    const staff = await rig.addStaff("manager");
    const browser = rig.client();
    await browser.get("/sign-in");
    for (let i = 0; i < 3; i++) await browser.post("/sign-in", { email: staff.email, password: `wrong guess number ${i}` });
    expect((await getStaff(rig.services.store, staff.id))?.lockedUntil).not.toBeNull();
    const locked = await browser.post("/sign-in", { email: staff.email, password: PASSWORD });
    expect(locked.status).toBe(401);
    expect(await pageText(locked)).toContain("locked after too many wrong passwords");
    const audit = await rig.services.store.db.selectFrom("audit_log").select(["action", "reasons"]).where("actor", "=", `staff:${staff.id}`).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["console.sign_in_failed", "console.sign_in_failed", "console.account_locked", "console.sign_in_failed"]);
    expect(audit.at(-1)?.reasons).toBe('["account-locked"]');
    later(rig, minutes(11));
    expect((await browser.post("/sign-in", { email: staff.email, password: PASSWORD })).status).toBe(303);
  });

  it("an unknown email reads exactly like a wrong password", async () => {
    rig = await openConsoleRig();
    const browser = rig.client();
    await browser.get("/sign-in");
    const res = await browser.post("/sign-in", { email: "nobody@clinic.test", password: PASSWORD });
    expect(res.status).toBe(401);
    expect(await pageText(res)).toContain("The email or password is wrong");
  });

  it("a page asked for while signed out goes to sign-in and comes back after", async () => {
    rig = await openConsoleRig();
    const staff = await rig.addStaff("front-desk");
    const browser = rig.client();
    const res = await browser.get("/inbox?show=resolved");
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toBe(`/sign-in?next=${encodeURIComponent("/inbox?show=resolved")}`);
    await browser.get(location);
    const signedIn = await browser.post("/sign-in", { email: staff.email, password: PASSWORD, next: "/inbox?show=resolved" });
    expect(signedIn.headers.get("location")).toBe("/inbox?show=resolved");
    const other = rig.client();
    await other.get("/sign-in");
    const offSite = await other.post("/sign-in", { email: staff.email, password: PASSWORD, next: "//evil.example/x" });
    expect(offSite.headers.get("location")).toBe("/today");
  });
});

describe("console sessions", () => {
  it("ends after the configured idle time, says why, and a background refresh does not count as activity", async () => {
    rig = await openConsoleRig({ config: { console: { idleTimeoutMinutes: 5 } } });
    const browser = await rig.signIn("front-desk");
    later(rig, minutes(4));
    expect((await browser.get("/today/rows", { "x-minnow-refresh": "1" })).status).toBe(200);
    later(rig, minutes(2));
    const refresh = await browser.get("/today/rows", { "x-minnow-refresh": "1" });
    expect(refresh.status).toBe(401);
    const page = await browser.get("/today");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/^\/sign-in\?/);
    const audit = await rig.services.store.db.selectFrom("audit_log").select(["actor", "action", "decision"]).where("action", "=", "console.signed_out").execute();
    expect(audit).toEqual([{ actor: `staff:${browser.staff.id}`, action: "console.signed_out", decision: "idle" }]);
  });

  it("the page's own idle sign-out still lands on the sign-in page when the session already ended on the server", async () => {
    rig = await openConsoleRig({ config: { console: { idleTimeoutMinutes: 5 } } });
    const browser = await rig.signIn("front-desk");
    later(rig, minutes(6));
    const res = await browser.post("/sign-out", { reason: "idle" }, { csrf: null });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sign-in?reason=idle");
    expect(await pageText(await browser.get("/sign-in?reason=idle"))).toContain("not used for a while");
  });

  it("activity keeps a session alive up to the absolute limit, then it ends", async () => {
    rig = await openConsoleRig({ config: { console: { idleTimeoutMinutes: 15, absoluteTimeoutHours: 1 } } });
    const browser = await rig.signIn("manager");
    for (let i = 0; i < 5; i++) {
      later(rig, minutes(10));
      expect((await browser.get("/today")).status).toBe(200);
    }
    later(rig, minutes(11));
    const res = await browser.get("/today");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("reason=expired");
  });

  it("signing out ends the session on the server: the old cookie opens nothing", async () => {
    rig = await openConsoleRig();
    const browser = await rig.signIn("admin");
    const cookie = browser.cookies.get("minnow_session") ?? "";
    expect((await browser.post("/sign-out")).headers.get("location")).toBe("/sign-in?reason=signed-out");
    const replay = consoleClient(rig.app);
    replay.cookies.set("minnow_session", cookie);
    expect((await replay.get("/today")).status).toBe(303);
  });

  it("disabling an account ends its open sessions at once", async () => {
    rig = await openConsoleRig();
    const browser = await rig.signIn("front-desk");
    await disableStaffMember(rig.services, browser.staff, "test");
    expect((await browser.get("/today")).status).toBe(303);
    const check = rig.client();
    await check.get("/sign-in");
    expect((await check.post("/sign-in", { email: browser.staff.email, password: PASSWORD })).status).toBe(401);
  });
});
