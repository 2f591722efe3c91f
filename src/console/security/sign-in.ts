import { log } from "../../log.js";
import type { Services } from "../../runtime/services.js";
import { clearFailedSignIns, findStaffByEmail, recordFailedSignIn, type StaffAccount } from "../../store/staff-accounts.js";
import { auditStaff } from "../audit.js";
import { hashPassword, verifyPassword } from "./passwords.js";

/**
 * Checks an email and password. A wrong password counts toward the lockout; a locked account is
 * refused without its password being checked, so guessing goes nowhere while it is locked. An
 * unknown email, a disabled account and an account with no password yet all read as "wrong",
 * and take as long as a real check, so the form does not reveal who has an account.
 */
export type SignInCheck = { ok: true; staff: StaffAccount } | { ok: false; reason: "wrong" } | { ok: false; reason: "locked"; until: Date };

let decoy: Promise<string> | undefined;
const decoyHash = (): Promise<string> => (decoy ??= hashPassword("minnow decoy password, never valid"));

export async function checkSignIn(services: Services, email: string, password: string): Promise<SignInCheck> {
  const now = services.clock.now();
  const staff = await findStaffByEmail(services.store, email);
  if (!staff || !staff.active || !staff.passwordHash) {
    await verifyPassword(password, await decoyHash());
    if (staff) await auditStaff(services, staff.id, "console.sign_in_failed", { decision: "deny", reasons: [staff.active ? "no-password-yet" : "account-disabled"] });
    else log.warn("console.sign_in_unknown_account", {});
    return { ok: false, reason: "wrong" };
  }
  if (staff.lockedUntil && staff.lockedUntil > now) {
    await auditStaff(services, staff.id, "console.sign_in_failed", { decision: "deny", reasons: ["account-locked"] });
    return { ok: false, reason: "locked", until: staff.lockedUntil };
  }
  if (!(await verifyPassword(password, staff.passwordHash))) {
    const { lockoutAfterFailedSignIns, lockoutMinutes } = services.config.console;
    const { lockedUntil } = await recordFailedSignIn(services.store, staff.id, { limit: lockoutAfterFailedSignIns, lockMs: lockoutMinutes * 60_000 }, now);
    await auditStaff(services, staff.id, lockedUntil ? "console.account_locked" : "console.sign_in_failed", { decision: "deny", reasons: ["wrong-password"] });
    return lockedUntil ? { ok: false, reason: "locked", until: lockedUntil } : { ok: false, reason: "wrong" };
  }
  await clearFailedSignIns(services.store, staff.id);
  return { ok: true, staff };
}
