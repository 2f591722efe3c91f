import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

/**
 * Seals the audit log (see src/store/audit-seal.ts): a MAC column on each row, the head checkpoint
 * outside the table, and triggers that make the table append-only in both dialects. DELETE is let
 * through only for rows below the head's first row, which only the audited retention purge moves.
 * The head starts unsealed, recording the rows already written; the first start with the data key
 * seals it (the migration has no key).
 */
const GENESIS = "0".repeat(64);

const SQLITE_TRIGGERS = [
  `create trigger audit_log_no_update before update on audit_log
   begin select raise(abort, 'audit_log is append-only: rows cannot be changed'); end`,
  `create trigger audit_log_no_delete before delete on audit_log
   when old.seq >= coalesce((select first_seq from audit_head where id = 'audit'), 0)
   begin select raise(abort, 'audit_log is append-only: only the retention purge removes rows, oldest first'); end`,
  `create trigger audit_head_no_delete before delete on audit_head
   begin select raise(abort, 'audit_head cannot be deleted'); end`,
  `create trigger audit_head_forward_only before update on audit_head
   when new.mac is null or new.last_seq < old.last_seq or new.first_seq < old.first_seq
   begin select raise(abort, 'audit_head only moves forward and stays sealed'); end`,
];

const POSTGRES_TRIGGERS = [
  `create or replace function minnow_audit_log_guard() returns trigger language plpgsql as $$
   begin
     if tg_op = 'DELETE' then
       if old.seq < coalesce((select first_seq from audit_head where id = 'audit'), 0) then return old; end if;
       raise exception 'audit_log is append-only: only the retention purge removes rows, oldest first';
     end if;
     raise exception 'audit_log is append-only: % refused', tg_op;
   end $$`,
  `create trigger audit_log_no_update before update on audit_log for each row execute function minnow_audit_log_guard()`,
  `create trigger audit_log_no_delete before delete on audit_log for each row execute function minnow_audit_log_guard()`,
  `create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function minnow_audit_log_guard()`,
  `create or replace function minnow_audit_head_guard() returns trigger language plpgsql as $$
   begin
     if tg_op = 'UPDATE' and new.mac is not null and new.last_seq >= old.last_seq and new.first_seq >= old.first_seq then return new; end if;
     raise exception 'audit_head only moves forward and stays sealed: % refused', tg_op;
   end $$`,
  `create trigger audit_head_forward_only before update or delete on audit_head for each row execute function minnow_audit_head_guard()`,
  `create trigger audit_head_no_truncate before truncate on audit_head for each statement execute function minnow_audit_head_guard()`,
];

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const auditSeal: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable("audit_log").addColumn("mac", "varchar(64)").execute();
    await db.schema
      .createTable("audit_head")
      .addColumn("id", "varchar(16)", (c) => c.primaryKey())
      .addColumn("first_seq", "bigint", (c) => c.notNull())
      .addColumn("first_prev_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("sealed_from", "bigint", (c) => c.notNull())
      .addColumn("last_seq", "bigint", (c) => c.notNull())
      .addColumn("last_hash", "varchar(64)", (c) => c.notNull())
      .addColumn("mac", "varchar(64)")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    const { rows } = await sql<{ seq: number | string; hash: string }>`select seq, hash from audit_log order by seq desc limit 1`.execute(db);
    const lastSeq = rows[0] ? Number(rows[0].seq) : 0;
    await sql`insert into audit_head (id, first_seq, first_prev_hash, sealed_from, last_seq, last_hash, mac, updated_at)
      values ('audit', 1, ${GENESIS}, ${lastSeq + 1}, ${lastSeq}, ${rows[0]?.hash ?? GENESIS}, null, ${Date.now()})`.execute(db);
    for (const statement of isPostgres(db) ? POSTGRES_TRIGGERS : SQLITE_TRIGGERS) await sql.raw(statement).execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (isPostgres(db)) {
      for (const name of ["audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate"]) await sql.raw(`drop trigger if exists ${name} on audit_log`).execute(db);
      await db.schema.dropTable("audit_head").execute();
      for (const name of ["minnow_audit_log_guard", "minnow_audit_head_guard"]) await sql.raw(`drop function if exists ${name}()`).execute(db);
    } else {
      for (const name of ["audit_log_no_update", "audit_log_no_delete"]) await sql.raw(`drop trigger if exists ${name}`).execute(db);
      await db.schema.dropTable("audit_head").execute();
    }
    await db.schema.alterTable("audit_log").dropColumn("mac").execute();
  },
};
