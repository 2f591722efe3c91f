/**
 * The practice console's tables (migration 009-console), as Kysely sees them. Same conventions as
 * core-tables.ts: instants are epoch milliseconds, JSON is text, `_ct` columns hold ciphertext.
 * Staff emails are the staff's own work addresses, not patient data, and are stored in the clear;
 * passwords, link tokens and session ids are stored only as hashes.
 */

export type StaffRole = "front-desk" | "manager" | "admin";
export type StaffStatus = "active" | "disabled";

export interface StaffAccountsTable {
  id: string;
  email: string;
  role: StaffRole;
  /** scrypt, self-describing (see console/security/passwords.ts); null until the first sign-in sets it. */
  password_hash: string | null;
  status: StaffStatus;
  failed_sign_ins: number;
  locked_until: number | null;
  password_set_at: number | null;
  disabled_at: number | null;
  created_at: number;
}

export interface StaffSignInLinksTable {
  /** SHA-256 of the link's token; the token itself is printed once and never stored. */
  token_hash: string;
  staff_id: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface StaffSessionsTable {
  /** SHA-256 of the cookie's session id. */
  id_hash: string;
  staff_id: string;
  /** The synchronizer token every state-changing request must echo. */
  csrf_token: string;
  created_at: number;
  last_active_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

/** The console's own state for one inbound message that needs a person. */
export interface InboxStatesTable {
  inbound_id: string;
  read_at: number | null;
  read_by: string | null;
  assigned_to: string | null;
  assigned_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
}

export type StaffReplyStatus = "queued" | "deferred" | "sent" | "not-sent" | "failed";

export interface StaffRepliesTable {
  id: string;
  /** The inbox message this answers. */
  inbound_id: string;
  phone_idx: string;
  patient_ref: string;
  staff_id: string;
  /** A built-in template, or null for the staff member's own words (body_ct). */
  template_id: string | null;
  body_ct: string | null;
  status: StaffReplyStatus;
  /** JSON array of the policy's reason codes. */
  reasons: string;
  /** When a deferred reply is tried again. */
  until: number | null;
  message_id: string | null;
  created_at: number;
  updated_at: number;
  body_purged_at: number | null;
}

export interface ConsoleTables {
  staff_accounts: StaffAccountsTable;
  staff_sign_in_links: StaffSignInLinksTable;
  staff_sessions: StaffSessionsTable;
  inbox_states: InboxStatesTable;
  staff_replies: StaffRepliesTable;
}
