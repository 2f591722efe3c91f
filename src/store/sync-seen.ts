/** What sync last saw of each source record, so the next pull can say new, changed or unchanged. */
import type { Store } from "./db.js";
import { prepared } from "./prepared-query.js";

export type SeenChange = "new" | "changed" | "unchanged";

export interface SeenRecord {
  fingerprint: string;
  status: string;
  lastSeenAt: Date;
}

const selectSeen = prepared((db, v: { source: string; ref: string }) => db.selectFrom("sync_seen").selectAll().where("source", "=", v.source).where("ref", "=", v.ref));

export async function getSeen(store: Store, source: string, ref: string): Promise<SeenRecord | null> {
  const { rows } = await selectSeen.execute(store.db, { source, ref });
  const row = rows[0];
  return row ? { fingerprint: row.fingerprint, status: row.status, lastSeenAt: new Date(Number(row.last_seen_at)) } : null;
}

/** What was seen of several records of a source, by ref (those never seen are absent). */
export async function getSeenMany(store: Store, source: string, refs: readonly string[]): Promise<Map<string, SeenRecord>> {
  const seen = new Map<string, SeenRecord>();
  if (!refs.length) return seen;
  const rows = await store.db.selectFrom("sync_seen").selectAll().where("source", "=", source).where("ref", "in", refs).execute();
  for (const row of rows) seen.set(row.ref, { fingerprint: row.fingerprint, status: row.status, lastSeenAt: new Date(Number(row.last_seen_at)) });
  return seen;
}

const upsertSeen = prepared((db, v: { source: string; ref: string; fingerprint: string; status: string; at: number }) => {
  const values = { fingerprint: v.fingerprint, status: v.status, last_seen_at: v.at };
  return db
    .insertInto("sync_seen")
    .values({ source: v.source, ref: v.ref, ...values })
    .onConflict((oc) => oc.columns(["source", "ref"]).doUpdateSet(values));
});

/** Stores the latest fingerprint and status (for a caller that has read what was seen before itself). */
export async function storeSeen(store: Store, source: string, ref: string, seen: { fingerprint: string; status: string }, now = new Date()): Promise<void> {
  await upsertSeen.execute(store.db, { source, ref, fingerprint: seen.fingerprint, status: seen.status, at: now.getTime() });
}

/** Stores the latest fingerprint and status, and says how they compare with what was seen before. */
export async function recordSeen(store: Store, source: string, ref: string, seen: { fingerprint: string; status: string }, now = new Date()): Promise<{ change: SeenChange; previous: SeenRecord | null }> {
  const previous = await getSeen(store, source, ref);
  await storeSeen(store, source, ref, seen, now);
  const change: SeenChange = !previous ? "new" : previous.fingerprint === seen.fingerprint && previous.status === seen.status ? "unchanged" : "changed";
  return { change, previous };
}

/** Records of a source not seen since `before` (gone from the window: cancelled or deleted upstream). */
export async function listSeenBefore(store: Store, source: string, before: Date): Promise<Array<{ ref: string } & SeenRecord>> {
  const rows = await store.db.selectFrom("sync_seen").selectAll().where("source", "=", source).where("last_seen_at", "<", before.getTime()).orderBy("ref").execute();
  return rows.map((r) => ({ ref: r.ref, fingerprint: r.fingerprint, status: r.status, lastSeenAt: new Date(Number(r.last_seen_at)) }));
}

export async function forgetSeen(store: Store, source: string, ref: string): Promise<void> {
  await store.db.deleteFrom("sync_seen").where("source", "=", source).where("ref", "=", ref).execute();
}
