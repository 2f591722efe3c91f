/**
 * API keys for /api. Only a SHA-256 of each key is stored: keys are 32 random
 * bytes, so a plain hash cannot be brute-forced, and lookup stays one indexed query.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyScope } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";

const KEY_PREFIX = "mk_";

export const hashApiKey = (key: string): string => createHash("sha256").update(key).digest("hex");

export interface ApiKeyInfo {
  id: string;
  scope: ApiKeyScope;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Creates a key; the plaintext is returned once and never stored. */
export async function createApiKey(store: Store, scope: ApiKeyScope, label: string | null = null, now = new Date()): Promise<{ id: string; key: string }> {
  const id = newId("key", now.getTime());
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  await store.db.insertInto("api_keys").values({ id, key_hash: hashApiKey(key), scope, label, created_at: now.getTime(), revoked_at: null }).execute();
  return { id, key };
}

/** The live key matching a presented secret, or null (unknown or revoked). */
export async function findApiKey(store: Store, presented: string): Promise<ApiKeyInfo | null> {
  const row = await store.db.selectFrom("api_keys").selectAll().where("key_hash", "=", hashApiKey(presented)).where("revoked_at", "is", null).executeTakeFirst();
  return row ? { id: row.id, scope: row.scope, label: row.label, createdAt: new Date(Number(row.created_at)), revokedAt: null } : null;
}

export async function revokeApiKey(store: Store, id: string, now = new Date()): Promise<boolean> {
  const result = await store.db.updateTable("api_keys").set({ revoked_at: now.getTime() }).where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listApiKeys(store: Store): Promise<ApiKeyInfo[]> {
  const rows = await store.db.selectFrom("api_keys").selectAll().orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, scope: r.scope, label: r.label, createdAt: new Date(Number(r.created_at)), revokedAt: r.revoked_at == null ? null : new Date(Number(r.revoked_at)) }));
}
