/** The HL7 feed's tables (migration 014-hl7-feed), as Kysely sees them. */
export type Hl7MessageStatus = "pending" | "applied" | "stale" | "failed";

export type Hl7MessagesTable = {
  control_id: string;
  event: string;
  message_time: number;
  received_at: number;
  status: Hl7MessageStatus;
  appointment_ref: string | null;
  /** The raw message, encrypted; null once applied. */
  body_ct: string | null;
  attempts: number;
  processed_at: number | null;
};

export type Hl7AppointmentsTable = {
  ref: string;
  message_time: number;
  control_id: string;
  status: string;
  /** Keyed hash of practitioner and start: finds another appointment in the same slot without storing the time. */
  slot_idx: string;
  record_ct: string;
  updated_at: number;
  /** Keyed hash of the start's UTC date (migration 017); null on rows written before it. */
  day_idx: string | null;
};

export type Hl7Tables = {
  hl7_messages: Hl7MessagesTable;
  hl7_appointments: Hl7AppointmentsTable;
};
