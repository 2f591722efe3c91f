import { CONSENT_SCOPES, type ConsentScope, type PhiLevel } from "../../policy/consent.js";
import type { Services } from "../../runtime/services.js";

/**
 * The compliance center's view of consents and opt-outs: how many patients may be texted, by
 * scope and PHI level, and every number that opted out, shown by its last four digits only.
 */
export interface ConsentCounts {
  byScope: Array<{ scope: ConsentScope; none: number; minimal: number }>;
  revoked: number;
  total: number;
}

const parseList = (json: string | null): string[] => (json ? (JSON.parse(json) as string[]) : []);

export async function countConsents(services: Pick<Services, "store">): Promise<ConsentCounts> {
  const rows = await services.store.db.selectFrom("consents").select(["patient_ref", "scopes", "phi_level", "revoked_at", "revoked_scopes", "captured_at"]).orderBy("captured_at", "asc").execute();
  // The newest consent of each patient is the one in force.
  const latest = new Map(rows.map((r) => [r.patient_ref, r]));
  const counts = new Map<ConsentScope, Record<PhiLevel, number>>(CONSENT_SCOPES.map((s) => [s, { none: 0, minimal: 0 }]));
  let revoked = 0;
  for (const row of latest.values()) {
    if (row.revoked_at !== null && row.revoked_scopes === null) {
      revoked++;
      continue;
    }
    const off = new Set(parseList(row.revoked_scopes));
    for (const scope of parseList(row.scopes)) {
      const entry = counts.get(scope as ConsentScope);
      if (entry && !off.has(scope)) entry[row.phi_level]++;
    }
  }
  return { byScope: CONSENT_SCOPES.map((scope) => ({ scope, ...(counts.get(scope) ?? { none: 0, minimal: 0 }) })), revoked, total: latest.size };
}

export interface OptOutEntry {
  /** "•••-•••-0123": enough to match a caller, never the whole number. */
  maskedPhone: string;
  patientRefs: string[];
  at: Date;
  reason: string;
  sourceRef: string;
}

export function maskPhone(phone: string | null): string {
  const digits = (phone ?? "").replace(/\D/g, "");
  return digits.length >= 4 ? `•••-•••-${digits.slice(-4)}` : "unknown number";
}

/** Standing opt-outs, newest first. */
export async function listOptOuts(services: Pick<Services, "store" | "crypto">, limit = 500): Promise<OptOutEntry[]> {
  const rows = await services.store.db.selectFrom("phone_opt_outs").selectAll().where("opted_in_at", "is", null).orderBy("opted_out_at", "desc").limit(limit).execute();
  const entries: OptOutEntry[] = [];
  for (const row of rows) {
    const contacts = await services.store.db.selectFrom("contacts").select(["patient_ref", "phone_ct"]).where("phone_idx", "=", row.phone_idx).execute();
    const consents = contacts.length ? [] : await services.store.db.selectFrom("consents").select(["patient_ref", "phone_ct"]).where("phone_idx", "=", row.phone_idx).execute();
    const known = [...contacts, ...consents];
    const phone = known.find((k) => k.phone_ct)?.phone_ct ?? null;
    entries.push({ maskedPhone: maskPhone(services.crypto.cipher.decryptNullable(phone)), patientRefs: [...new Set(known.map((k) => k.patient_ref))], at: new Date(Number(row.opted_out_at)), reason: row.reason, sourceRef: row.source_ref });
  }
  return entries;
}
