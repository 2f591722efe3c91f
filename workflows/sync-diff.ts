import type { AppointmentRecord } from "../connectors/records.js";
import type { SeenRecord } from "../src/store/sync-seen.js";
import type { Services } from "../src/runtime/services.js";

/**
 * What changed about an appointment since the last sync. The stored fingerprint is two keyed
 * hashes, `<when>.<rest>`: the start alone, then everything else sync acts on (status, end,
 * practitioner, location, contact details). No PHI is stored, yet a move can be told apart from
 * a contact change.
 */
export type AppointmentChange = "new" | "moved" | "cancelled" | "changed" | "unchanged";

export function appointmentFingerprint(services: Pick<Services, "crypto">, record: AppointmentRecord): string {
  const when = services.crypto.index.hmac("sync-start", `${record.ref}|${record.start.toISOString()}`).slice(0, 16);
  const { contact } = record;
  const rest = JSON.stringify([record.status, record.end?.toISOString() ?? null, record.practitionerRef ?? null, record.locationRef ?? null, contact.phone ?? null, contact.language ?? null, contact.state ?? null, contact.timeZone ?? null, record.smsOptIn ?? null]);
  return `${when}.${services.crypto.index.hmac("sync-rest", `${record.ref}|${rest}`).slice(0, 16)}`;
}

/** Pure: how `record` (with this fingerprint) differs from what was seen before. */
export function classifyChange(previous: Pick<SeenRecord, "fingerprint" | "status"> | null, record: Pick<AppointmentRecord, "status">, fingerprint: string): AppointmentChange {
  if (!previous) return "new";
  if (previous.fingerprint === fingerprint && previous.status === record.status) return "unchanged";
  if (record.status === "cancelled" && previous.status !== "cancelled") return "cancelled";
  const [before] = previous.fingerprint.split(".");
  const [now] = fingerprint.split(".");
  return before !== now ? "moved" : "changed";
}
