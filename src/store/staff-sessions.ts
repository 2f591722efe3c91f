/**
 * Console sessions and one-time sign-in links, kept server-side. The browser holds only a random
 * session id; the store keeps its SHA-256, so a copy of the database opens no session. A session
 * ends after an idle gap or an absolute age (both from the practice config), or on sign-out.
 */
import { createHash, randomBytes } from "node:crypto";
import type { StaffSessionsTable } from "./console-tables.js";
import type { Store } from "./db.js";

const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");
const secret = (): string => randomBytes(32).toString("base64url");

export interface StaffSession {
  idHash: string;
  staffId: string;
  csrfToken: string;
  createdAt: Date;
  lastActiveAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

function toSession(row: StaffSessionsTable): StaffSession {
  return {
    idHash: row.id_hash,
    staffId: row.staff_id,
    csrfToken: row.csrf_token,
    createdAt: new Date(Number(row.created_at)),
    lastActiveAt: new Date(Number(row.last_active_at)),
    endedAt: row.ended_at == null ? null : new Date(Number(row.ended_at)),
    endReason: row.end_reason,
  };
}

/** Opens a session; the returned id goes into the cookie and nowhere else. */
export async function createSession(store: Store, staffId: string, now = new Date()): Promise<{ id: string; session: StaffSession }> {
  const id = secret();
  const row: StaffSessionsTable = { id_hash: sha256(id), staff_id: staffId, csrf_token: secret(), created_at: now.getTime(), last_active_at: now.getTime(), ended_at: null, end_reason: null };
  await store.db.insertInto("staff_sessions").values(row).execute();
  return { id, session: toSession(row) };
}

export async function findSession(store: Store, id: string): Promise<StaffSession | null> {
  const row = await store.db.selectFrom("staff_sessions").selectAll().where("id_hash", "=", sha256(id)).executeTakeFirst();
  return row ? toSession(row) : null;
}

export async function touchSession(store: Store, idHash: string, now = new Date()): Promise<void> {
  await store.db.updateTable("staff_sessions").set({ last_active_at: now.getTime() }).where("id_hash", "=", idHash).where("ended_at", "is", null).execute();
}

export async function endSession(store: Store, idHash: string, reason: string, now = new Date()): Promise<void> {
  await store.db.updateTable("staff_sessions").set({ ended_at: now.getTime(), end_reason: reason }).where("id_hash", "=", idHash).where("ended_at", "is", null).execute();
}

/** Ends every open session of one account (it was disabled, or its password was reset). */
export async function endSessionsOf(store: Store, staffId: string, reason: string, now = new Date()): Promise<number> {
  const result = await store.db.updateTable("staff_sessions").set({ ended_at: now.getTime(), end_reason: reason }).where("staff_id", "=", staffId).where("ended_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type SessionState = "active" | "idle" | "expired" | "ended";

/** Whether a session may still be used at `now`: not ended, not idle too long, not too old. */
export function sessionState(session: StaffSession, now: Date, limits: { idleMs: number; absoluteMs: number }): SessionState {
  if (session.endedAt) return "ended";
  if (now.getTime() - session.createdAt.getTime() >= limits.absoluteMs) return "expired";
  if (now.getTime() - session.lastActiveAt.getTime() >= limits.idleMs) return "idle";
  return "active";
}

/** Creates a one-time sign-in link token for an account; only its hash is stored. */
export async function createSignInLink(store: Store, staffId: string, ttlMs: number, now = new Date()): Promise<string> {
  const token = secret();
  await store.db.insertInto("staff_sign_in_links").values({ token_hash: sha256(token), staff_id: staffId, expires_at: now.getTime() + ttlMs, used_at: null, created_at: now.getTime() }).execute();
  return token;
}

/** The account a link is for, while it is unused and unexpired (reading it does not use it). */
export async function peekSignInLink(store: Store, token: string, now = new Date()): Promise<string | null> {
  const row = await store.db.selectFrom("staff_sign_in_links").select("staff_id").where("token_hash", "=", sha256(token)).where("used_at", "is", null).where("expires_at", ">", now.getTime()).executeTakeFirst();
  return row?.staff_id ?? null;
}

/** Uses a link, once: of two simultaneous uses only one gets the account id. */
export async function useSignInLink(store: Store, token: string, now = new Date()): Promise<string | null> {
  const result = await store.db
    .updateTable("staff_sign_in_links")
    .set({ used_at: now.getTime() })
    .where("token_hash", "=", sha256(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", now.getTime())
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  const row = await store.db.selectFrom("staff_sign_in_links").select("staff_id").where("token_hash", "=", sha256(token)).executeTakeFirst();
  return row?.staff_id ?? null;
}
