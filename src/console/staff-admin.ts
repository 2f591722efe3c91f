import type { Services } from "../runtime/services.js";
import { appendAudit } from "../store/audit-log.js";
import type { StaffRole } from "../store/console-tables.js";
import { createStaff, disableStaff, findStaffByEmail, type StaffAccount } from "../store/staff-accounts.js";
import { endSessionsOf } from "../store/staff-sessions.js";
import { issueSignInLink } from "./sign-in-links.js";

/**
 * Staff accounts, managed from the CLI (`minnow staff ...`) or by an administrator in the
 * console: the same operations and the same audit entries either way. `actor` is who did it:
 * "cli" or "staff:<id>".
 */
type Deps = Pick<Services, "store" | "config" | "clock">;

export async function addStaffMember(deps: Deps, input: { email: string; role: StaffRole }, baseUrl: string, actor: string): Promise<{ staff: StaffAccount; link: string }> {
  const staff = await createStaff(deps.store, input, deps.clock.now());
  const link = await issueSignInLink(deps, staff.id, baseUrl);
  await appendAudit(deps.store, { actor, action: "staff.added", subjectRef: `staff:${staff.id}`, decision: input.role, reasons: [], details: { role: input.role }, at: deps.clock.now() });
  return { staff, link };
}

/** A fresh one-time link for an active account (a forgotten password); it also lifts a lockout once used. */
export async function newSignInLink(deps: Deps, staff: StaffAccount, baseUrl: string, actor: string): Promise<string> {
  const link = await issueSignInLink(deps, staff.id, baseUrl);
  await appendAudit(deps.store, { actor, action: "staff.link_issued", subjectRef: `staff:${staff.id}`, decision: null, reasons: [], details: {}, at: deps.clock.now() });
  return link;
}

/** Disables an account and ends its sessions at once; false when it was not active. */
export async function disableStaffMember(deps: Deps, staff: StaffAccount, actor: string): Promise<boolean> {
  const now = deps.clock.now();
  if (!(await disableStaff(deps.store, staff.id, now))) return false;
  const ended = await endSessionsOf(deps.store, staff.id, "account-disabled", now);
  await appendAudit(deps.store, { actor, action: "staff.disabled", subjectRef: `staff:${staff.id}`, decision: "disabled", reasons: [], details: { sessionsEnded: ended }, at: now });
  return true;
}

export { findStaffByEmail };
