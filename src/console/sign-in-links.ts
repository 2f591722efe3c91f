import type { Services } from "../runtime/services.js";
import { createStaff, findStaffByEmail } from "../store/staff-accounts.js";
import { createSignInLink } from "../store/staff-sessions.js";

/**
 * One-time sign-in links: the way a new account sets its first password, and how an administrator
 * lets someone back in. The token is in the link only; the store keeps its hash.
 */
export function signInLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/welcome/${token}`;
}

export async function issueSignInLink(services: Pick<Services, "store" | "config" | "clock">, staffId: string, baseUrl: string): Promise<string> {
  const token = await createSignInLink(services.store, staffId, services.config.console.signInLinkHours * 3_600_000, services.clock.now());
  return signInLinkUrl(baseUrl, token);
}

/** The sandbox's practice manager, so `npm start` can print a link that opens the console at once. */
export const SANDBOX_MANAGER_EMAIL = "manager@sandbox.minnow.test";

export async function sandboxManagerLink(services: Pick<Services, "store" | "config" | "clock">, baseUrl: string): Promise<string> {
  const existing = await findStaffByEmail(services.store, SANDBOX_MANAGER_EMAIL);
  const manager = existing?.active ? existing : existing ? null : await createStaff(services.store, { email: SANDBOX_MANAGER_EMAIL, role: "manager" }, services.clock.now());
  if (!manager) throw new Error(`The sandbox manager ${SANDBOX_MANAGER_EMAIL} was disabled; sign in as another account or use a fresh DATA_DIR.`);
  return issueSignInLink(services, manager.id, baseUrl);
}
