/**
 * Staff accounts for the console. An account starts without a password; its holder sets one
 * through a one-time sign-in link. Repeated wrong passwords lock it for a while; a disabled
 * account can never sign in again, and its sessions end at once.
 */
import type { StaffAccountsTable, StaffRole } from "./console-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";

export const STAFF_ROLES = ["front-desk", "manager", "admin"] as const satisfies readonly StaffRole[];

export interface StaffAccount {
  id: string;
  email: string;
  role: StaffRole;
  passwordHash: string | null;
  active: boolean;
  failedSignIns: number;
  lockedUntil: Date | null;
  passwordSetAt: Date | null;
  createdAt: Date;
}

const date = (ms: number | null): Date | null => (ms == null ? null : new Date(Number(ms)));

function toAccount(row: StaffAccountsTable): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    passwordHash: row.password_hash,
    active: row.status === "active",
    failedSignIns: Number(row.failed_sign_ins),
    lockedUntil: date(row.locked_until),
    passwordSetAt: date(row.password_set_at),
    createdAt: new Date(Number(row.created_at)),
  };
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export class StaffExistsError extends Error {
  override name = "StaffExistsError";
}

export async function createStaff(store: Store, input: { email: string; role: StaffRole }, now = new Date()): Promise<StaffAccount> {
  const email = normalizeEmail(input.email);
  if (await findStaffByEmail(store, email)) throw new StaffExistsError(`A staff account for ${email} already exists.`);
  const id = newId("stf", now.getTime());
  await store.db
    .insertInto("staff_accounts")
    .values({ id, email, role: input.role, password_hash: null, status: "active", failed_sign_ins: 0, locked_until: null, password_set_at: null, disabled_at: null, created_at: now.getTime() })
    .execute();
  const created = await getStaff(store, id);
  if (!created) throw new Error(`Staff account ${id} was created but cannot be read back; check the database.`);
  return created;
}

export async function getStaff(store: Store, id: string): Promise<StaffAccount | null> {
  const row = await store.db.selectFrom("staff_accounts").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function findStaffByEmail(store: Store, email: string): Promise<StaffAccount | null> {
  const row = await store.db.selectFrom("staff_accounts").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function listStaff(store: Store): Promise<StaffAccount[]> {
  const rows = await store.db.selectFrom("staff_accounts").selectAll().orderBy("email").execute();
  return rows.map(toAccount);
}

/** Disables an active account; false when it was already disabled or does not exist. */
export async function disableStaff(store: Store, id: string, now = new Date()): Promise<boolean> {
  const result = await store.db.updateTable("staff_accounts").set({ status: "disabled", disabled_at: now.getTime() }).where("id", "=", id).where("status", "=", "active").executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets a new password and clears any lockout: the holder just proved who they are with a link. */
export async function setStaffPassword(store: Store, id: string, passwordHash: string, now = new Date()): Promise<void> {
  await store.db.updateTable("staff_accounts").set({ password_hash: passwordHash, password_set_at: now.getTime(), failed_sign_ins: 0, locked_until: null }).where("id", "=", id).execute();
}

/** Counts a wrong password; at `limit` failures in a row the account locks until `lockMs` from now. */
export async function recordFailedSignIn(store: Store, id: string, policy: { limit: number; lockMs: number }, now = new Date()): Promise<{ lockedUntil: Date | null }> {
  // An atomic increment: simultaneous wrong guesses each count.
  await store.db.updateTable("staff_accounts").set((eb) => ({ failed_sign_ins: eb("failed_sign_ins", "+", 1) })).where("id", "=", id).execute();
  const locked = await store.db
    .updateTable("staff_accounts")
    .set({ failed_sign_ins: 0, locked_until: now.getTime() + policy.lockMs })
    .where("id", "=", id)
    .where("failed_sign_ins", ">=", policy.limit)
    .executeTakeFirst();
  return { lockedUntil: Number(locked.numUpdatedRows) === 1 ? new Date(now.getTime() + policy.lockMs) : null };
}

export async function clearFailedSignIns(store: Store, id: string): Promise<void> {
  await store.db.updateTable("staff_accounts").set({ failed_sign_ins: 0, locked_until: null }).where("id", "=", id).execute();
}
