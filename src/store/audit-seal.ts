/**
 * The audit log's seal. A plain hash chain proves order only to someone who cannot recompute it:
 * anyone who can write the database can delete the tail or edit a row and rebuild every hash after
 * it. So each row also carries a MAC of its (seq, hash) under the audit key, and a head checkpoint
 * outside the audit table (first row, last row and last hash) carries one too. Without the key, a
 * rebuilt row fails its MAC and a truncated tail falls short of the head.
 *
 * The audit key is one of the store's own keys (store-keys.ts): random, encrypted under the data
 * key, so it survives `minnow keys rotate` unchanged and is useless without MINNOW_DATA_KEY.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Cipher } from "./crypto.js";
import type { Store } from "./db.js";
import { loadStoreKey } from "./store-keys.js";
import { prepared } from "./prepared-query.js";
import type { Tables } from "./tables.js";

export const AUDIT_KEY_PURPOSE = "audit-mac";
export const AUDIT_HEAD_ID = "audit";

/** The head checkpoint: the chain runs from firstSeq (linking to firstPrevHash) to lastSeq/lastHash. */
export interface AuditHead {
  firstSeq: number;
  firstPrevHash: string;
  /** Rows from here on carry a MAC; earlier ones were written before the log was sealed. */
  sealedFrom: number;
  lastSeq: number;
  lastHash: string;
}

export interface AuditSeal {
  rowMac(seq: number, hash: string): string;
  headMac(head: AuditHead): string;
}

export class AuditTamperedError extends Error {
  override name = "AuditTamperedError";
}

export function createAuditSeal(key: Buffer): AuditSeal {
  if (key.length < 32) throw new Error("The audit key must be at least 32 bytes.");
  const mac = (purpose: string, text: string) => createHmac("sha256", key).update(`minnow-audit-${purpose}\n${text}`).digest("hex");
  return {
    rowMac: (seq, hash) => mac("row", `${seq}\n${hash}`),
    headMac: (h) => mac("head", JSON.stringify([h.firstSeq, h.firstPrevHash, h.sealedFrom, h.lastSeq, h.lastHash])),
  };
}

export function sameMac(given: string | null, expected: string): boolean {
  if (given === null || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** The store's seal, or a refusal that says how to get one. */
export function requireSeal(store: Store): AuditSeal {
  if (!store.auditSeal) {
    throw new Error("The audit log is sealed under a key kept with MINNOW_DATA_KEY: open the store's keys (openStoreCrypto) before appending to or verifying it.");
  }
  return store.auditSeal;
}

const selectHead = prepared((db, v: { id: string }) => db.selectFrom("audit_head").selectAll().where("id", "=", v.id));

export async function readAuditHead(db: Kysely<Tables>): Promise<{ head: AuditHead; mac: string | null } | undefined> {
  const [row] = (await selectHead.execute(db, { id: AUDIT_HEAD_ID })).rows;
  if (!row) return undefined;
  const head = { firstSeq: Number(row.first_seq), firstPrevHash: row.first_prev_hash, sealedFrom: Number(row.sealed_from), lastSeq: Number(row.last_seq), lastHash: row.last_hash };
  return { head, mac: row.mac };
}

/** The head, checked against its MAC; appending onto a head that fails it would launder the tampering. */
export async function readSealedHead(db: Kysely<Tables>, seal: AuditSeal): Promise<AuditHead> {
  const stored = await readAuditHead(db);
  if (!stored) throw new AuditTamperedError("The audit log's head checkpoint is missing: the audit log was tampered with. Run `npx minnow audit verify` and restore the database from a backup.");
  if (!sameMac(stored.mac, seal.headMac(stored.head))) {
    throw new AuditTamperedError("The audit log's head checkpoint does not match its seal: the audit log was tampered with. Run `npx minnow audit verify` and restore the database from a backup.");
  }
  return stored.head;
}

const updateHead = prepared((db, v: AuditHead & { id: string; mac: string; now: number }) =>
  db
    .updateTable("audit_head")
    .set({ first_seq: v.firstSeq, first_prev_hash: v.firstPrevHash, sealed_from: v.sealedFrom, last_seq: v.lastSeq, last_hash: v.lastHash, mac: v.mac, updated_at: v.now })
    .where("id", "=", v.id),
);

export async function writeHead(db: Kysely<Tables>, seal: AuditSeal, head: AuditHead, now = Date.now()): Promise<void> {
  await updateHead.execute(db, { ...head, id: AUDIT_HEAD_ID, mac: seal.headMac(head), now });
}

/**
 * Loads the audit key and seals the head the migration left unsealed (a store's first start with
 * its data key): rows written before then are anchored by the head, rows after carry their own MAC.
 * Deterministic, so two processes sealing at once write the same MAC.
 */
export async function openAuditSeal(store: Store, cipher: Cipher): Promise<AuditSeal> {
  const seal = createAuditSeal(await loadStoreKey(store, cipher, AUDIT_KEY_PURPOSE));
  const stored = await readAuditHead(store.db);
  if (stored && stored.mac === null) {
    await store.db.updateTable("audit_head").set({ mac: seal.headMac(stored.head), updated_at: Date.now() }).where("id", "=", AUDIT_HEAD_ID).where("mac", "is", null).execute();
  }
  return seal;
}
