/**
 * The consent ledger. A grant is a row; a revocation stamps `revoked_at` on the
 * rows it covers and never deletes them, so the history stays provable. A re-opt-in
 * (START) is a new row captured after the revocation, which policy/consent.ts reads
 * as superseding it.
 */
import { sql } from "kysely";
import { z } from "zod";
import { ConsentScopeSchema, ConsentSourceSchema, PhiLevelSchema, type Consent, type ConsentScope } from "../policy/consent.js";
import type { ConsentsTable } from "./core-tables.js";
import type { Store } from "./db.js";
import { newId } from "./ids.js";
import { parseJsonColumn, toBool01 } from "./json-column.js";
import { fixedLimit, prepared } from "./prepared-query.js";
import type { StoreCrypto } from "./store-crypto.js";

export const ConsentInputSchema = z.object({
  patientRef: z.string().min(1).max(200),
  phone: z.string().min(1).max(40),
  scopes: z.array(ConsentScopeSchema).min(1),
  phiLevel: PhiLevelSchema,
  source: ConsentSourceSchema,
  evidence: z.string().min(1).max(500).optional(),
  capturedBy: z.string().min(1).max(200).optional(),
  capturedAt: z.date().optional(),
  phoneVerified: z.boolean().optional(),
});
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

/** A ledger row in the shape policy/consent.ts decides on, plus its id and phone. */
export interface ConsentRecord extends Consent {
  id: string;
  phone: string;
  phoneIdx: string;
  revokedReason: string | null;
  /** Scopes the patient turned off one by one, whether or not everything was revoked later. */
  scopesRevokedOnTheirOwn: ConsentScope[];
}

function toRecord(crypto: StoreCrypto, row: ConsentsTable): ConsentRecord {
  const revokedScopes = row.revoked_scopes == null ? undefined : parseJsonColumn<ConsentScope[]>(row.revoked_scopes, "consents.revoked_scopes");
  const revokedEarlier = row.scopes_revoked_earlier == null ? [] : parseJsonColumn<ConsentScope[]>(row.scopes_revoked_earlier, "consents.scopes_revoked_earlier");
  return {
    id: row.id,
    patientRef: row.patient_ref,
    phone: crypto.cipher.decrypt(row.phone_ct),
    phoneIdx: row.phone_idx,
    scopes: parseJsonColumn<ConsentScope[]>(row.scopes, "consents.scopes"),
    phiLevel: row.phi_level,
    source: row.source,
    ...(row.evidence != null ? { evidence: row.evidence } : {}),
    ...(row.captured_by != null ? { capturedBy: row.captured_by } : {}),
    capturedAt: new Date(Number(row.captured_at)),
    phoneVerified: Number(row.phone_verified) === 1,
    revokedAt: row.revoked_at == null ? null : new Date(Number(row.revoked_at)),
    ...(revokedScopes ? { revokedScopes } : {}),
    revokedReason: row.revoked_reason,
    scopesRevokedOnTheirOwn: [...new Set([...revokedEarlier, ...(revokedScopes ?? [])])],
  };
}

type NewConsent = Omit<ConsentsTable, "revoked_at" | "revoked_scopes" | "scopes_revoked_earlier" | "revoked_reason">;

const insertConsent = prepared((db, v: NewConsent) =>
  db.insertInto("consents").values({
    id: v.id,
    patient_ref: v.patient_ref,
    phone_ct: v.phone_ct,
    phone_idx: v.phone_idx,
    scopes: v.scopes,
    phi_level: v.phi_level,
    source: v.source,
    evidence: v.evidence,
    captured_by: v.captured_by,
    captured_at: v.captured_at,
    phone_verified: v.phone_verified,
    revoked_at: null,
    revoked_scopes: null,
    scopes_revoked_earlier: null,
    revoked_reason: null,
    created_at: v.created_at,
  }),
);

/** Records a grant; returns the new consent's id. Throws a zod error naming the bad field. */
export async function recordConsent(store: Store, crypto: StoreCrypto, input: ConsentInput, now = new Date()): Promise<string> {
  const c = ConsentInputSchema.parse(input);
  const id = newId("cns", now.getTime());
  await insertConsent.execute(store.db, {
    id,
    patient_ref: c.patientRef,
    phone_ct: crypto.cipher.encrypt(c.phone),
    phone_idx: crypto.index.phone(c.phone),
    scopes: JSON.stringify([...new Set(c.scopes)]),
    phi_level: c.phiLevel,
    source: c.source,
    evidence: c.evidence ?? null,
    captured_by: c.capturedBy ?? null,
    captured_at: (c.capturedAt ?? now).getTime(),
    phone_verified: toBool01(c.phoneVerified ?? false),
    created_at: now.getTime(),
  });
  return id;
}

export async function getConsent(store: Store, crypto: StoreCrypto, id: string): Promise<ConsentRecord | null> {
  const row = await store.db.selectFrom("consents").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toRecord(crypto, row) : null;
}

const selectLatest = prepared((db, v: { patientRef: string }) =>
  db.selectFrom("consents").selectAll().where("patient_ref", "=", v.patientRef).orderBy("captured_at", "desc").orderBy("created_at", "desc").orderBy("id", "desc").limit(fixedLimit(1)),
);

/** The patient's most recent grant (possibly revoked): the one policy decides on. */
export async function latestConsentForPatient(store: Store, crypto: StoreCrypto, patientRef: string): Promise<ConsentRecord | null> {
  const { rows } = await selectLatest.execute(store.db, { patientRef });
  return rows[0] ? toRecord(crypto, rows[0]) : null;
}

/** Every ledger row for a patient, newest first (the API's history view). */
export async function consentHistory(store: Store, crypto: StoreCrypto, patientRef: string): Promise<ConsentRecord[]> {
  const rows = await store.db.selectFrom("consents").selectAll().where("patient_ref", "=", patientRef).orderBy("captured_at", "desc").orderBy("id", "desc").execute();
  return rows.map((row) => toRecord(crypto, row));
}

/** Every ledger row recorded for a phone, newest first, whichever patient it was for. */
export async function consentsByPhoneIdx(store: Store, crypto: StoreCrypto, phoneIdx: string): Promise<ConsentRecord[]> {
  const rows = await store.db.selectFrom("consents").selectAll().where("phone_idx", "=", phoneIdx).orderBy("captured_at", "desc").orderBy("id", "desc").execute();
  return rows.map((row) => toRecord(crypto, row));
}

const selectSpeaking = prepared((db, v: { patientRef: string; phoneIdx: string }) =>
  db.selectFrom("consents").select("id").where(sql<boolean>`(patient_ref = ${v.patientRef} or (phone_idx = ${v.phoneIdx} and revoked_at is not null))`).limit(fixedLimit(1)),
);

/**
 * Whether the ledger already speaks for this patient or this phone: any row for the patient, or a
 * revoked row on the phone, whoever it was for. One query; a consent import adds to neither.
 */
export async function ledgerSpeaksFor(store: Store, patientRef: string, phoneIdx: string): Promise<boolean> {
  const { rows } = await selectSpeaking.execute(store.db, { patientRef, phoneIdx });
  return rows.length > 0;
}

export interface Revocation {
  reason: string;
  at?: Date;
}

async function revokeAllWhere(store: Store, column: "phone_idx" | "patient_ref", value: string, revocation: Revocation): Promise<number> {
  const at = (revocation.at ?? new Date()).getTime();
  const result = await store.db
    .updateTable("consents")
    // A partial revocation's list moves aside rather than being lost, so START cannot undo it.
    .set((eb) => ({ revoked_at: at, revoked_scopes: null, scopes_revoked_earlier: eb.fn.coalesce("revoked_scopes", "scopes_revoked_earlier"), revoked_reason: revocation.reason }))
    .where(column, "=", value)
    // Live grants, and partly revoked ones; grants captured later (a newer START) stand.
    .where((eb) => eb.or([eb("revoked_at", "is", null), eb("revoked_scopes", "is not", null)]))
    .where("captured_at", "<=", at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * STOP from a phone: revokes every scope of every live grant on that phone, for
 * every patient who shares it. Returns how many rows it revoked.
 */
export function revokeAllByPhoneIdx(store: Store, phoneIdx: string, revocation: Revocation): Promise<number> {
  return revokeAllWhere(store, "phone_idx", phoneIdx, revocation);
}

/** Revokes every scope of a patient's live grants (a request through staff or the API). */
export function revokeAllForPatient(store: Store, patientRef: string, revocation: Revocation): Promise<number> {
  return revokeAllWhere(store, "patient_ref", patientRef, revocation);
}

/** Revokes some scopes of one grant; scopes already revoked stay revoked. */
export async function revokeScopes(store: Store, crypto: StoreCrypto, consentId: string, scopes: ConsentScope[], revocation: Revocation): Promise<boolean> {
  const current = await getConsent(store, crypto, consentId);
  if (!current || (current.revokedAt != null && current.revokedScopes === undefined)) return false;
  const merged = [...new Set([...(current.revokedScopes ?? []), ...scopes])];
  await store.db
    .updateTable("consents")
    .set({ revoked_at: (revocation.at ?? new Date()).getTime(), revoked_scopes: JSON.stringify(merged), revoked_reason: revocation.reason })
    .where("id", "=", consentId)
    .execute();
  return true;
}

/**
 * Revokes scopes for a patient: on every one of their rows that still grants any of them, so no
 * row, older or newer, leaves the patient textable for those scopes. Returns the rows it changed.
 */
export async function revokeScopesForPatient(store: Store, crypto: StoreCrypto, patientRef: string, scopes: ConsentScope[], revocation: Revocation): Promise<string[]> {
  const changed: string[] = [];
  for (const row of await consentHistory(store, crypto, patientRef)) {
    const fullyRevoked = row.revokedAt != null && row.revokedScopes === undefined;
    const stillGranted = scopes.filter((scope) => row.scopes.includes(scope) && !(row.revokedScopes ?? []).includes(scope));
    if (fullyRevoked || stillGranted.length === 0) continue;
    if (await revokeScopes(store, crypto, row.id, scopes, revocation)) changed.push(row.id);
  }
  return changed;
}

export async function markConsentPhoneVerified(store: Store, consentId: string): Promise<boolean> {
  const result = await store.db.updateTable("consents").set({ phone_verified: 1 }).where("id", "=", consentId).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
