import { randomUUID } from "node:crypto";
import { sql, type Kysely, type Selectable, type Updateable, type UpdateResult } from "kysely";
import { fixedLimit, prepared, type PreparedQuery } from "../../store/prepared-query.js";
import type { Tables } from "../../store/tables.js";
import type { WorkflowRunsTable } from "../journal-tables.js";
import type { StartResult } from "../port.js";
import { fromJson } from "./journal-values.js";
import type { RunFilter, RunSummary } from "./types.js";

/** Queries over workflow_runs. Instants: `now` is the engine clock, `realNow` is wall time (leases). */

type Db = Kysely<Tables>;

export interface ClaimedRun {
  id: string;
  workflowId: string;
  key: string;
  input: string;
  attempts: number;
  owner: string;
}

type NewRun = { workflowId: string; key: string; input: string; wakeAt: number; now: number };

const insertPending = prepared((db, run: NewRun & { id: string }) =>
  db
    .insertInto("workflow_runs")
    .values({
      id: run.id,
      workflow_id: run.workflowId,
      run_key: run.key,
      input: run.input,
      status: "pending",
      attempts: 0,
      wake_at: run.wakeAt,
      lease_until: null,
      lease_owner: null,
      wait_key: null,
      error: null,
      output: null,
      created_at: run.now,
      updated_at: run.now,
    })
    .onConflict((oc) => oc.columns(["workflow_id", "run_key"]).doNothing())
    .returning("id"),
);

export async function insertRun(db: Db, run: NewRun): Promise<StartResult> {
  const { rows: inserted } = await insertPending.execute(db, { ...run, id: randomUUID() });
  if (inserted[0]) return { runId: inserted[0].id, started: true };
  const existing = await db
    .selectFrom("workflow_runs")
    .select("id")
    .where("workflow_id", "=", run.workflowId)
    .where("run_key", "=", run.key)
    .executeTakeFirstOrThrow(() => new Error(`Run ${run.workflowId}/${run.key} conflicted on insert but cannot be read back; retry the start.`));
  return { runId: existing.id, started: false };
}

function toSummary(row: Selectable<WorkflowRunsTable>): RunSummary {
  const summary: RunSummary = { id: row.id, workflowId: row.workflow_id, key: row.run_key, status: row.status, attempts: row.attempts };
  if (row.error !== null) summary.error = row.error;
  if (row.output !== null) summary.output = fromJson(row.output);
  if (row.wake_at !== null) summary.wakeAt = new Date(row.wake_at);
  return summary;
}

export async function findRun(db: Db, runId: string): Promise<RunSummary | undefined> {
  const row = await db.selectFrom("workflow_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

export async function findRuns(db: Db, filter: RunFilter = {}): Promise<RunSummary[]> {
  let query = db.selectFrom("workflow_runs").selectAll();
  if (filter.status) query = query.where("status", "=", filter.status);
  if (filter.workflowId) query = query.where("workflow_id", "=", filter.workflowId);
  const rows = await query.orderBy("created_at").orderBy("id").execute();
  return rows.map(toSummary);
}

export interface ClaimRequest {
  workflowIds: string[];
  exclude: ReadonlySet<string>;
  limit: number;
  now: number;
  realNow: number;
  leaseMs: number;
  /**
   * Also look for runs whose worker died (expired lease) and waiting runs whose signal raced
   * their suspension. Both are rare, so callers ask for them now and then, not on every claim.
   */
  includeRare: boolean;
}

/**
 * A list's items as numbered values (`w0`, `w1`, ...) and the stand-ins for them, so a query with an
 * `in` list compiles once per length of list: a scheduler claims with the same workflows every time,
 * and at most its concurrency of runs at once.
 */
function listed(prefix: string, items: readonly string[]): Record<string, string> {
  return Object.fromEntries(items.map((item, i) => [`${prefix}${i}`, item]));
}

function standIns(v: Record<string, unknown>, prefix: string, length: number): string[] {
  return Array.from({ length }, (_, i) => v[`${prefix}${i}`] as string);
}

type ListValues = Record<string, string | number>;

function byNumber<Q>(build: (n: number) => Q): (n: number) => Q {
  const queries = new Map<number, Q>();
  return (n) => {
    let query = queries.get(n);
    if (query === undefined) {
      query = build(n);
      queries.set(n, query);
    }
    return query;
  };
}

// `workflow_id || ''` keeps the planner off the workflow_id indexes: reading the wake_at index
// in order finds the earliest due runs directly, where a workflow_id index made SQLite sort
// every due run on every poll.
// By list length, then by the rows fetched: a literal LIMIT keeps the statement prepared (fixedLimit).
const dueQuery = byNumber((length) => byNumber((fetch) =>
  prepared((db, v: ListValues) =>
    db
      .selectFrom("workflow_runs")
      .select("id")
      .where("wake_at", "<=", v.now as number)
      .where(sql<string>`${sql.ref("workflow_id")} || ''`, "in", standIns(v, "w", length))
      .orderBy("wake_at")
      .limit(fixedLimit(fetch)),
  ),
));

const claimQuery = byNumber((length) =>
  prepared((db, v: ListValues) =>
    db
      .updateTable("workflow_runs")
      .set({ status: "running", lease_owner: v.owner as string, lease_until: v.leaseUntil as number, wake_at: null, updated_at: v.now as number })
      .where("id", "in", standIns(v, "r", length))
      .where((eb) =>
        eb.or([
          eb("wake_at", "<=", v.now as number),
          eb.and([eb("status", "=", "running"), eb("lease_until", "<=", v.realNow as number)]),
          eb.and([
            eb("status", "=", "waiting"),
            eb.exists(eb.selectFrom("signals").select("signals.key").whereRef("signals.key", "=", "workflow_runs.wait_key").where("signals.consumed_by_run", "is", null)),
          ]),
        ]),
      )
      .returning(["id", "workflow_id", "run_key", "input", "attempts"]),
  ),
);

async function candidateIds(db: Db, req: ClaimRequest): Promise<string[]> {
  const fetch = req.limit + req.exclude.size;
  const { rows: due } = await dueQuery(req.workflowIds.length)(fetch).execute(db, { now: req.now, ...listed("w", req.workflowIds) });
  const expired = !req.includeRare ? [] : await db.selectFrom("workflow_runs").select("id").where("status", "=", "running").where("lease_until", "<=", req.realNow).where("workflow_id", "in", req.workflowIds).limit(fetch).execute();
  const signaled = req.includeRare
    ? await db
        .selectFrom("workflow_runs")
        .innerJoin("signals", "signals.key", "workflow_runs.wait_key")
        .select("workflow_runs.id")
        .where("workflow_runs.status", "=", "waiting")
        .where("signals.consumed_by_run", "is", null)
        .where("workflow_runs.workflow_id", "in", req.workflowIds)
        .limit(fetch)
        .execute()
    : [];
  const ids = new Set([...expired, ...due, ...signaled].map((r) => r.id).filter((id) => !req.exclude.has(id)));
  return [...ids].slice(0, req.limit);
}

/** Atomically moves due runs to `running` under a fresh lease; the WHERE re-checks runnability so concurrent workers never share a run. */
export async function claimRuns(db: Db, req: ClaimRequest): Promise<ClaimedRun[]> {
  if (req.limit <= 0 || req.workflowIds.length === 0) return [];
  const ids = await candidateIds(db, req);
  if (ids.length === 0) return [];
  const owner = randomUUID();
  const { rows } = await claimQuery(ids.length).execute(db, { owner, leaseUntil: req.realNow + req.leaseMs, now: req.now, realNow: req.realNow, ...listed("r", ids) });
  return rows.map((r) => ({ id: r.id, workflowId: r.workflow_id, key: r.run_key, input: r.input, attempts: r.attempts, owner }));
}

export async function renewLeases(db: Db, runs: Array<{ id: string; owner: string }>, until: number): Promise<void> {
  if (runs.length === 0) return;
  await db
    .updateTable("workflow_runs")
    .set({ lease_until: until })
    .where("status", "=", "running")
    .where("id", "in", runs.map((r) => r.id))
    .where("lease_owner", "in", [...new Set(runs.map((r) => r.owner))])
    .execute();
}

type RunChanges = Updateable<WorkflowRunsTable>;
type Release = PreparedQuery<RunChanges & { runId: string; runOwner: string }, UpdateResult>;

/** One compiled update per set of changed columns: a run ends its claim in a handful of shapes. */
const releases = new Map<string, Release>();

function releaseFor(columns: Array<keyof RunChanges>): Release {
  const shape = columns.join(",");
  let release = releases.get(shape);
  if (!release) {
    release = prepared((db, v: RunChanges & { runId: string; runOwner: string }) =>
      db
        .updateTable("workflow_runs")
        .set({ ...Object.fromEntries(columns.map((column) => [column, v[column]])), lease_owner: null, lease_until: null })
        .where("id", "=", v.runId)
        .where("lease_owner", "=", v.runOwner)
        .where("status", "=", "running"),
    );
    releases.set(shape, release);
  }
  return release;
}

/** Ends a claim with the given changes. False when the claim was lost (another worker took the run over). */
export async function releaseClaim(db: Db, run: { id: string; owner: string }, changes: RunChanges): Promise<boolean> {
  // Kysely leaves a column given as undefined unchanged; so does this, by leaving it out of the shape.
  const columns = (Object.keys(changes) as Array<keyof RunChanges>).filter((column) => changes[column] !== undefined && column !== "lease_owner" && column !== "lease_until");
  const result = await releaseFor(columns).execute(db, { ...changes, runId: run.id, runOwner: run.owner });
  return (result.numAffectedRows ?? 0n) > 0n;
}
