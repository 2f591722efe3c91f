/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { z } from "zod";
import type { Services } from "../../runtime/services.js";
import { getStaff, setStaffPassword } from "../../store/staff-accounts.js";
import { endSessionsOf, peekSignInLink, useSignInLink } from "../../store/staff-sessions.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp } from "../context.js";
import { parseForm, readForm, text } from "../forms.js";
import { renderPage, signInRedirect } from "../page.js";
import { LinkUnusablePage, SetPasswordPage, SignInPage } from "../pages/sign-in-pages.js";
import { hashPassword, NewPasswordSchema } from "../security/passwords.js";
import { closeSession, startSession } from "../security/session.js";
import { checkSignIn } from "../security/sign-in.js";
import { formatTimeInZone } from "../time.js";

const SignInSchema = z.object({
  email: z.string().trim().min(1, "Enter your work email").email("Enter your work email, like name@practice.org"),
  password: z.string().min(1, "Enter your password"),
});

const REASONS: Record<string, string> = {
  idle: "You were signed out because the console was not used for a while. Sign in again to carry on.",
  expired: "You were signed out because sessions last at most a working day. Sign in again to carry on.",
  "signed-out": "You have signed out.",
};

/** Only a path on this site, so a crafted link cannot send someone elsewhere after signing in. */
export function safeNext(value: string | undefined): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/today";
}

export function mountAuthRoutes(app: ConsoleApp, services: Services): void {
  app.get("/", (c) => c.redirect(c.get("staff") ? "/today" : "/sign-in", 303));

  app.get("/sign-in", async (c) => {
    if (c.get("staff")) return c.redirect("/today", 303);
    const reason = c.req.query("reason") ?? (c.get("sessionEnded") as string | undefined);
    return renderPage(c, services, (page) => <SignInPage page={page} notice={reason ? REASONS[reason] : undefined} next={c.req.query("next")} />);
  });

  app.post("/sign-in", async (c) => {
    const form = await parseForm(c, SignInSchema);
    const next = text(form.values, "next") || undefined;
    const email = text(form.values, "email");
    if (!form.ok) return renderPage(c, services, (page) => <SignInPage page={page} email={email} errors={form.errors} next={next} />, 422);
    const check = await checkSignIn(services, form.data.email, form.data.password);
    if (!check.ok) {
      const zone = services.config.practice.timeZone;
      const message =
        check.reason === "locked"
          ? `This account is locked after too many wrong passwords. Try again after ${formatTimeInZone(check.until, zone)}, or ask an administrator for a new sign-in link.`
          : "The email or password is wrong.";
      return renderPage(c, services, (page) => <SignInPage page={page} email={email} errors={{ password: message }} next={next} />, 401);
    }
    await startSession(c, services, check.staff.id);
    await auditStaff(services, check.staff.id, "console.signed_in", { decision: "allow", reasons: ["password"] });
    return c.redirect(safeNext(next), 303);
  });

  app.get("/welcome/:token", async (c) => {
    const staffId = await peekSignInLink(services.store, c.req.param("token"), services.clock.now());
    const staff = staffId ? await getStaff(services.store, staffId) : null;
    if (!staff?.active) return renderPage(c, services, (page) => <LinkUnusablePage page={page} />, 410);
    return renderPage(c, services, (page) => <SetPasswordPage page={page} token={c.req.param("token")} email={staff.email} />);
  });

  app.post("/welcome/:token", async (c) => {
    const token = c.req.param("token");
    const now = services.clock.now();
    const staffId = await peekSignInLink(services.store, token, now);
    const staff = staffId ? await getStaff(services.store, staffId) : null;
    if (!staff?.active) return renderPage(c, services, (page) => <LinkUnusablePage page={page} />, 410);
    const form = await parseForm(c, NewPasswordSchema);
    if (!form.ok) return renderPage(c, services, (page) => <SetPasswordPage page={page} token={token} email={staff.email} errors={form.errors} />, 422);
    if ((await useSignInLink(services.store, token, now)) !== staff.id) return renderPage(c, services, (page) => <LinkUnusablePage page={page} />, 410);
    await setStaffPassword(services.store, staff.id, await hashPassword(form.data.password), now);
    await endSessionsOf(services.store, staff.id, "password-set", now);
    await startSession(c, services, staff.id);
    await auditStaff(services, staff.id, "console.password_set", { decision: "allow", reasons: ["sign-in-link"] });
    return c.redirect("/today", 303);
  });

  app.post("/sign-out", async (c) => {
    const staff = c.get("staff");
    const idle = text(await readForm(c), "reason") === "idle";
    if (staff) await auditStaff(services, staff.id, "console.signed_out", { decision: idle ? "idle" : "signed-out" });
    await closeSession(c, services, idle ? "idle" : "signed-out");
    return c.redirect(`/sign-in?reason=${idle ? "idle" : "signed-out"}`, 303);
  });

  // The page's script calls this while someone is reading or typing, so reading is activity too.
  app.post("/session/keepalive", (c) => (c.get("staff") ? c.body(null, 204) : signInRedirect(c)));
}
