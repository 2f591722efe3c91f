import type { Kysely, Migration } from "kysely";

/**
 * minnow's core tables (see core-tables.ts). Types are chosen to mean the same on
 * SQLite and Postgres: bigint epoch ms, text JSON, integer 0/1 booleans.
 */
export const coreTables: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const s = db.schema;
    await s.createTable("contacts")
      .addColumn("patient_ref", "varchar(200)", (c) => c.primaryKey())
      .addColumn("phone_ct", "text")
      .addColumn("phone_idx", "varchar(64)")
      .addColumn("language", "varchar(16)")
      .addColumn("time_zone", "varchar(64)")
      .addColumn("state", "varchar(8)")
      .addColumn("invalid_at", "bigint")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await s.createIndex("contacts_phone_idx").on("contacts").column("phone_idx").execute();

    await s.createTable("consents")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("patient_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("phone_ct", "text", (c) => c.notNull())
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("scopes", "text", (c) => c.notNull())
      .addColumn("phi_level", "varchar(16)", (c) => c.notNull())
      .addColumn("source", "varchar(32)", (c) => c.notNull())
      .addColumn("evidence", "text")
      .addColumn("captured_by", "varchar(200)")
      .addColumn("captured_at", "bigint", (c) => c.notNull())
      .addColumn("phone_verified", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("revoked_at", "bigint")
      .addColumn("revoked_scopes", "text")
      .addColumn("revoked_reason", "varchar(200)")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await s.createIndex("consents_patient_idx").on("consents").columns(["patient_ref", "captured_at"]).execute();
    await s.createIndex("consents_phone_idx").on("consents").column("phone_idx").execute();

    await s.createTable("phone_verifications")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("consent_id", "varchar(64)", (c) => c.notNull())
      .addColumn("code_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("verified_at", "bigint")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await s.createIndex("phone_verifications_consent_idx").on("phone_verifications").column("consent_id").execute();

    await s.createTable("conversations")
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("sender", "varchar(64)", (c) => c.notNull())
      .addColumn("last_auto_reply_at", "bigint")
      .addPrimaryKeyConstraint("conversations_pk", ["phone_idx", "sender"])
      .execute();

    await s.createTable("prompts")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("sender", "varchar(64)", (c) => c.notNull())
      .addColumn("patient_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("kind", "varchar(32)", (c) => c.notNull())
      .addColumn("subject_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("expecting", "text", (c) => c.notNull())
      .addColumn("signal_key", "varchar(400)", (c) => c.notNull().unique())
      .addColumn("opened_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("closed_at", "bigint")
      .execute();
    await s.createIndex("prompts_conversation_idx").on("prompts").columns(["phone_idx", "sender", "closed_at"]).execute();

    await s.createTable("outbound_messages")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("effect_key", "varchar(400)", (c) => c.notNull().unique())
      .addColumn("patient_ref", "varchar(200)")
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("phone_ct", "text", (c) => c.notNull())
      .addColumn("body_ct", "text")
      .addColumn("purpose", "varchar(64)", (c) => c.notNull())
      .addColumn("template_id", "varchar(200)")
      .addColumn("is_reply", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("provider_sid", "varchar(64)", (c) => c.unique())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("error_code", "varchar(32)")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addColumn("body_purged_at", "bigint")
      .execute();
    await s.createIndex("outbound_patient_idx").on("outbound_messages").columns(["patient_ref", "created_at"]).execute();
    await s.createIndex("outbound_phone_idx").on("outbound_messages").columns(["phone_idx", "created_at"]).execute();

    await s.createTable("inbound_messages")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("provider_sid", "varchar(64)", (c) => c.notNull().unique())
      .addColumn("phone_idx", "varchar(64)", (c) => c.notNull())
      .addColumn("phone_ct", "text", (c) => c.notNull())
      .addColumn("sender", "varchar(64)", (c) => c.notNull())
      .addColumn("body_ct", "text")
      .addColumn("intent", "varchar(32)")
      .addColumn("routed_to", "varchar(400)")
      .addColumn("needs_staff", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("body_purged_at", "bigint")
      .execute();
    await s.createIndex("inbound_received_idx").on("inbound_messages").column("received_at").execute();

    await s.createTable("waitlist")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("patient_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("priority", "integer", (c) => c.notNull())
      .addColumn("requested_start", "bigint", (c) => c.notNull())
      .addColumn("requested_end", "bigint", (c) => c.notNull())
      .addColumn("practitioner_ref", "varchar(200)")
      .addColumn("location_ref", "varchar(200)")
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await s.createIndex("waitlist_status_idx").on("waitlist").columns(["status", "requested_start"]).execute();

    await s.createTable("slot_claims")
      .addColumn("slot_key", "varchar(400)", (c) => c.primaryKey())
      .addColumn("patient_ref", "varchar(200)", (c) => c.notNull())
      .addColumn("claimed_at", "bigint", (c) => c.notNull())
      .execute();

    await s.createTable("sync_seen")
      .addColumn("source", "varchar(64)", (c) => c.notNull())
      .addColumn("ref", "varchar(400)", (c) => c.notNull())
      .addColumn("fingerprint", "varchar(128)", (c) => c.notNull())
      .addColumn("status", "varchar(32)", (c) => c.notNull())
      .addColumn("last_seen_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("sync_seen_pk", ["source", "ref"])
      .execute();

    await s.createTable("hook_subscriptions")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("event", "varchar(64)", (c) => c.notNull())
      .addColumn("target_url", "text", (c) => c.notNull())
      .addColumn("secret_ct", "text", (c) => c.notNull())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("disabled_at", "bigint")
      .execute();
    await s.createIndex("hook_subscriptions_event_idx").on("hook_subscriptions").columns(["event", "status"]).execute();

    await s.createTable("hook_deliveries")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("hook_id", "varchar(64)", (c) => c.notNull())
      .addColumn("event_id", "varchar(64)", (c) => c.notNull())
      .addColumn("status", "varchar(16)", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_attempt_at", "bigint")
      .addColumn("last_status", "integer")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addUniqueConstraint("hook_deliveries_hook_event_uq", ["hook_id", "event_id"])
      .execute();
    await s.createIndex("hook_deliveries_due_idx").on("hook_deliveries").columns(["status", "next_attempt_at"]).execute();

    await s.createTable("events")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("type", "varchar(64)", (c) => c.notNull())
      .addColumn("occurred_at", "bigint", (c) => c.notNull())
      .addColumn("refs", "text", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .execute();
    await s.createIndex("events_type_idx").on("events").columns(["type", "occurred_at"]).execute();
    await s.createIndex("events_time_idx").on("events").column("occurred_at").execute();

    await s.createTable("audit_log")
      .addColumn("seq", "bigint", (c) => c.primaryKey())
      .addColumn("at", "bigint", (c) => c.notNull())
      .addColumn("actor", "varchar(200)", (c) => c.notNull())
      .addColumn("action", "varchar(64)", (c) => c.notNull())
      .addColumn("subject_ref", "varchar(400)")
      .addColumn("decision", "varchar(32)")
      .addColumn("reasons", "text", (c) => c.notNull())
      .addColumn("details", "text", (c) => c.notNull())
      .addColumn("prev_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("hash", "varchar(64)", (c) => c.notNull())
      .execute();
    await s.createIndex("audit_log_subject_idx").on("audit_log").column("subject_ref").execute();

    await s.createTable("api_keys")
      .addColumn("id", "varchar(64)", (c) => c.primaryKey())
      .addColumn("key_hash", "varchar(64)", (c) => c.notNull().unique())
      .addColumn("scope", "varchar(8)", (c) => c.notNull())
      .addColumn("label", "varchar(200)")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .execute();

    await s.createTable("store_keys")
      .addColumn("purpose", "varchar(64)", (c) => c.primaryKey())
      .addColumn("key_ct", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    const tables = [
      "store_keys", "api_keys", "audit_log", "events", "hook_deliveries", "hook_subscriptions", "sync_seen",
      "slot_claims", "waitlist", "inbound_messages", "outbound_messages", "prompts", "conversations",
      "phone_verifications", "consents", "contacts",
    ];
    for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
  },
};
