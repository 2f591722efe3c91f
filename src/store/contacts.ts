import { sql } from "kysely";
import type { Store } from "./db.js";
import { prepared } from "./prepared-query.js";
import type { StoreCrypto } from "./store-crypto.js";

export interface ContactInput {
  patientRef: string;
  phone: string | null;
  language?: string | null;
  timeZone?: string | null;
  state?: string | null;
}

export interface Contact {
  patientRef: string;
  phone: string | null;
  phoneIdx: string | null;
  language: string | null;
  timeZone: string | null;
  state: string | null;
  invalidAt: Date | null;
}

type ContactValues = { patient_ref: string; phone_ct: string | null; phone_idx: string | null; language: string | null; time_zone: string | null; state: string | null; updated_at: number };

const upsertContactRow = prepared((db, v: ContactValues) => {
  const values = { phone_ct: v.phone_ct, phone_idx: v.phone_idx, language: v.language, time_zone: v.time_zone, state: v.state, updated_at: v.updated_at };
  // One statement: the flag is kept or cleared by comparing with the row as it was (no read first).
  const invalidAt = sql<number | null>`case when contacts.phone_idx = excluded.phone_idx or (contacts.phone_idx is null and excluded.phone_idx is null) then contacts.invalid_at else null end`;
  return db
    .insertInto("contacts")
    .values({ patient_ref: v.patient_ref, ...values, invalid_at: null })
    .onConflict((oc) => oc.column("patient_ref").doUpdateSet({ ...values, invalid_at: invalidAt }));
});

/** Creates or replaces a patient's contact details. A new phone clears an earlier "invalid" flag. */
export async function upsertContact(store: Store, crypto: StoreCrypto, input: ContactInput, now = new Date()): Promise<void> {
  await upsertContactRow.execute(store.db, {
    patient_ref: input.patientRef,
    phone_ct: crypto.cipher.encryptNullable(input.phone),
    phone_idx: input.phone ? crypto.index.phone(input.phone) : null,
    language: input.language ?? null,
    time_zone: input.timeZone ?? null,
    state: input.state ?? null,
    updated_at: now.getTime(),
  });
}

type ContactRow = { patient_ref: string; phone_ct: string | null; phone_idx: string | null; language: string | null; time_zone: string | null; state: string | null; invalid_at: number | null };

function toContact(crypto: StoreCrypto, row: ContactRow): Contact {
  return {
    patientRef: row.patient_ref,
    phone: crypto.cipher.decryptNullable(row.phone_ct),
    phoneIdx: row.phone_idx,
    language: row.language,
    timeZone: row.time_zone,
    state: row.state,
    invalidAt: row.invalid_at == null ? null : new Date(Number(row.invalid_at)),
  };
}

const selectContact = prepared((db, v: { patientRef: string }) => db.selectFrom("contacts").selectAll().where("patient_ref", "=", v.patientRef));

export async function getContact(store: Store, crypto: StoreCrypto, patientRef: string): Promise<Contact | null> {
  const { rows } = await selectContact.execute(store.db, { patientRef });
  return rows[0] ? toContact(crypto, rows[0]) : null;
}

/** Every patient who shares this phone (family phones are common), oldest first by ref. */
export async function contactsByPhoneIdx(store: Store, crypto: StoreCrypto, phoneIdx: string): Promise<Contact[]> {
  const rows = await store.db.selectFrom("contacts").selectAll().where("phone_idx", "=", phoneIdx).orderBy("patient_ref").execute();
  return rows.map((row) => toContact(crypto, row));
}

/** The patient refs behind a phone number in any format. */
export async function patientRefsByPhone(store: Store, crypto: StoreCrypto, phone: string): Promise<string[]> {
  const rows = await store.db.selectFrom("contacts").select("patient_ref").where("phone_idx", "=", crypto.index.phone(phone)).orderBy("patient_ref").execute();
  return rows.map((r) => r.patient_ref);
}

/** Flags every contact on this phone as undeliverable (carrier said the number is bad). */
export async function markPhoneInvalid(store: Store, phoneIdx: string, at = new Date()): Promise<number> {
  const result = await store.db
    .updateTable("contacts")
    .set({ invalid_at: at.getTime(), updated_at: at.getTime() })
    .where("phone_idx", "=", phoneIdx)
    .where("invalid_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
