/**
 * minnow's own tables, as Kysely sees them. Portable across SQLite and Postgres:
 * instants are epoch milliseconds (bigint in Postgres), JSON is text, booleans are 0/1.
 * Columns ending in `_ct` hold AES-256-GCM ciphertext (see crypto.ts); columns ending
 * in `_idx` hold a blind index (see blind-index.ts). Nothing else holds a phone or a body.
 */
import type { ConsentSource, PhiLevel } from "../policy/consent.js";

export type Bool01 = 0 | 1;

export interface ContactsTable {
  patient_ref: string;
  phone_ct: string | null;
  phone_idx: string | null;
  language: string | null;
  time_zone: string | null;
  /** USPS state code, when known, for state quiet-hour rules. */
  state: string | null;
  /** Set when the carrier called the number unusable (Twilio 21211/21614/30005, landline 30006). */
  invalid_at: number | null;
  updated_at: number;
}

export interface ConsentsTable {
  id: string;
  patient_ref: string;
  phone_ct: string;
  phone_idx: string;
  /** JSON array of ConsentScope. */
  scopes: string;
  phi_level: PhiLevel;
  source: ConsentSource;
  evidence: string | null;
  captured_by: string | null;
  captured_at: number;
  phone_verified: Bool01;
  revoked_at: number | null;
  /** JSON array of ConsentScope when only some scopes were revoked; null means all. */
  revoked_scopes: string | null;
  /** JSON array of the scopes revoked one by one before a full revocation replaced that list. */
  scopes_revoked_earlier: string | null;
  revoked_reason: string | null;
  created_at: number;
}

export interface PhoneVerificationsTable {
  id: string;
  consent_id: string;
  /** HMAC of the one-time code; the code itself is never stored. */
  code_hash: string;
  expires_at: number;
  attempts: number;
  verified_at: number | null;
  created_at: number;
}

export type PhoneVerifiedVia = "code" | "reply" | "attestation";

/** One number's standing for one patient: proven to reach them, or reported wrong. */
export interface PatientPhonesTable {
  patient_ref: string;
  phone_idx: string;
  verified_at: number | null;
  verified_via: PhoneVerifiedVia | null;
  /** What proves it: a verification id, an inbound message id, the practice's attestation. */
  verified_evidence: string | null;
  /** Whoever has the number said it is not the patient's; nothing is texted there for them again. */
  wrong_number_at: number | null;
  /** The inbound message id that said so. */
  wrong_number_evidence: string | null;
  updated_at: number;
}

/** A number that texted STOP (or that the carrier reported unsubscribed), until it opts back in. */
export interface PhoneOptOutsTable {
  phone_idx: string;
  opted_out_at: number;
  /** "sms-opt-out" or "carrier-unsubscribed-21610". */
  reason: string;
  /** The inbound or outbound message id that proves it. */
  source_ref: string;
  opted_in_at: number | null;
  /** "sms-keyword" (START) or "reconsent" (a written re-consent through the API). */
  opted_in_via: string | null;
  updated_at: number;
}

export interface ConversationsTable {
  phone_idx: string;
  /** Our number or messaging service the patient texts. */
  sender: string;
  last_auto_reply_at: number | null;
}

export type PromptKind = "reminder" | "waitlist-offer" | "automation";

export interface PromptsTable {
  id: string;
  phone_idx: string;
  sender: string;
  patient_ref: string;
  kind: PromptKind;
  subject_ref: string;
  /** JSON array of the reply intents this prompt accepts. */
  expecting: string;
  signal_key: string;
  opened_at: number;
  expires_at: number;
  closed_at: number | null;
}

export type OutboundStatus = "pending" | "queued" | "sending" | "sent" | "delivered" | "undelivered" | "failed";

export interface OutboundMessagesTable {
  id: string;
  effect_key: string;
  patient_ref: string | null;
  phone_idx: string;
  phone_ct: string;
  body_ct: string | null;
  purpose: string;
  template_id: string | null;
  /** A reply to the patient's own text: exempt from frequency caps. */
  is_reply: Bool01;
  provider_sid: string | null;
  status: OutboundStatus;
  error_code: string | null;
  created_at: number;
  updated_at: number;
  body_purged_at: number | null;
  /** The Messaging Service SID or From number it went out from; null before migration 010 (the practice's). */
  sender: string | null;
}

export interface InboundMessagesTable {
  id: string;
  provider_sid: string;
  phone_idx: string;
  phone_ct: string;
  sender: string;
  body_ct: string | null;
  intent: string | null;
  routed_to: string | null;
  needs_staff: Bool01;
  received_at: number;
  body_purged_at: number | null;
  /** Twilio Advanced Opt-Out already answered this keyword: "STOP", "START" or "HELP". */
  opt_out_type: string | null;
}

export type WaitlistStatus = "waiting" | "offered" | "booked" | "removed";

export interface WaitlistTable {
  id: string;
  patient_ref: string;
  /** Lower is more urgent. */
  priority: number;
  requested_start: number;
  requested_end: number;
  practitioner_ref: string | null;
  location_ref: string | null;
  status: WaitlistStatus;
  created_at: number;
}

export interface SlotClaimsTable {
  slot_key: string;
  patient_ref: string;
  claimed_at: number;
}

export interface SyncSeenTable {
  source: string;
  ref: string;
  fingerprint: string;
  status: string;
  last_seen_at: number;
}

export type HookStatus = "active" | "disabled" | "unsubscribed";

export interface HookSubscriptionsTable {
  id: string;
  event: string;
  target_url: string;
  secret_ct: string;
  status: HookStatus;
  failures: number;
  created_at: number;
  disabled_at: number | null;
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "gone";

export interface HookDeliveriesTable {
  id: string;
  hook_id: string;
  event_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  /** HTTP status of the last attempt; null before any or on a network error. */
  last_status: number | null;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  id: string;
  type: string;
  occurred_at: number;
  /** JSON object of opaque references (patientRef, appointmentRef, ...). */
  refs: string;
  /** JSON object of non-PHI details. */
  data: string;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject_ref: string | null;
  decision: string | null;
  /** Canonical JSON array of reason codes. */
  reasons: string;
  /** Canonical JSON object of ids and decisions (no PHI). */
  details: string;
  prev_hash: string;
  hash: string;
  /** HMAC of (seq, hash) under the audit key; null only on rows written before the log was sealed. */
  mac: string | null;
}

/**
 * The audit log's head checkpoint, one row kept outside audit_log and MAC'd under the audit key:
 * where the chain starts (after a retention purge), from which row every row carries a MAC, and
 * its last row and hash. A truncated tail or a rebuilt chain cannot match it without the key.
 */
export interface AuditHeadTable {
  id: string;
  first_seq: number;
  first_prev_hash: string;
  sealed_from: number;
  last_seq: number;
  last_hash: string;
  /** Null only between the migration that created it and the first start with the data key. */
  mac: string | null;
  updated_at: number;
}

/** An Idempotency-Key as first used: the hash of its request, so a different request under it is refused. */
export interface IdempotencyRequestsTable {
  key: string;
  request_hash: string;
  created_at: number;
}

export type ApiKeyScope = "read" | "write";

export interface ApiKeysTable {
  id: string;
  key_hash: string;
  scope: ApiKeyScope;
  label: string | null;
  created_at: number;
  revoked_at: number | null;
}

/** Keys the store keeps for itself, encrypted under the data key (the blind-index key, the audit key). */
export interface StoreKeysTable {
  purpose: string;
  key_ct: string;
  created_at: number;
}

export interface CoreTables {
  contacts: ContactsTable;
  consents: ConsentsTable;
  phone_verifications: PhoneVerificationsTable;
  patient_phones: PatientPhonesTable;
  phone_opt_outs: PhoneOptOutsTable;
  conversations: ConversationsTable;
  prompts: PromptsTable;
  outbound_messages: OutboundMessagesTable;
  inbound_messages: InboundMessagesTable;
  waitlist: WaitlistTable;
  slot_claims: SlotClaimsTable;
  sync_seen: SyncSeenTable;
  hook_subscriptions: HookSubscriptionsTable;
  hook_deliveries: HookDeliveriesTable;
  events: EventsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  idempotency_requests: IdempotencyRequestsTable;
  api_keys: ApiKeysTable;
  store_keys: StoreKeysTable;
}
