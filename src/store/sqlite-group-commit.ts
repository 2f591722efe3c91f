/**
 * Group commit for the embedded SQLite store. Each write used to be its own transaction, and a
 * reminder makes about twenty: committing them one by one was most of SQLite's cost in a fan-out.
 * Here the first write opens a transaction, the writes that other runs make in the same turn of the
 * event loop join it, and it commits once at the end of that turn.
 *
 * Nothing is acknowledged early: a statement that ran inside an open group resolves only after
 * that group has committed (a read too, since it may have seen the group's writes). A caller never
 * texts a patient or answers a webhook on a write that a crash could still lose, exactly as before.
 * An explicit transaction (Kysely's `transaction()`, or `begin immediate` on a held connection)
 * becomes a savepoint inside the group, holds the connection as before, and resolves its commit
 * when the group commits. A statement that fails is undone alone; if SQLite ends the whole
 * transaction (disk full, I/O error), every statement waiting on it fails.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Checkpointer } from "./sqlite-checkpointer.js";
import type { StatementCache as Statements } from "./sqlite-statement-cache.js";
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from "kysely";

/** Taken at load, so a test that fakes timers cannot stop commits. */
const nextTurn = globalThis.setImmediate;
const SAVEPOINT = "minnow_transaction";


const TAKEN = Promise.resolve();

/** The one connection, handed to waiters in the order they asked; free, it is taken without a new promise. */
class Mutex {
  #held = false;
  readonly #waiting: Array<() => void> = [];
  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return TAKEN;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

interface Group {
  committed: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const committed = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  committed.catch(() => undefined);
  return { committed, resolve, reject };
}

class GroupCommitDriver implements Driver {
  readonly mutex = new Mutex();
  #group: Group | undefined;
  #destroyed = false;

  constructor(
    readonly database: BetterSqlite3.Database,
    readonly statements: Statements,
    readonly checkpointer: Checkpointer | undefined,
  ) {}

  /** The open group, if SQLite still has its transaction (an I/O error may have ended it). */
  current(): Group | undefined {
    if (this.#group && !this.database.inTransaction) this.#fail(new Error("SQLite ended the transaction these writes were in; they were not saved."));
    return this.#group;
  }

  /** The open group, opening one (and scheduling its commit) when there is none. */
  enter(): Group {
    const open = this.current();
    if (open) return open;
    this.database.exec("begin immediate");
    const group = newGroup();
    this.#group = group;
    nextTurn(() => void this.#commit(group));
    return group;
  }

  async #commit(group: Group): Promise<void> {
    await this.mutex.lock();
    try {
      if (this.#group === group) this.#commitNow();
    } finally {
      this.mutex.unlock();
    }
  }

  /** Commits the open group now (the caller holds the connection): for statements that cannot run in a transaction. */
  flush(): void {
    this.#commitNow();
  }

  #commitNow(): void {
    const group = this.current();
    if (!group) return;
    this.#group = undefined;
    try {
      this.database.exec("commit");
      group.resolve();
      this.checkpointer?.committed();
    } catch (err) {
      if (this.database.inTransaction) this.database.exec("rollback");
      group.reject(err);
    }
  }

  #fail(err: Error): void {
    const group = this.#group;
    this.#group = undefined;
    group?.reject(err);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#destroyed) throw new Error("The store is closed.");
    await this.mutex.lock();
    return new GroupConnection(this);
  }

  /** One compiled query on a connection of its own, as Kysely would run it, without Kysely's executor around it. */
  async runCompiled<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const connection = (await this.acquireConnection()) as GroupConnection;
    try {
      return await connection.executeQuery<R>(query);
    } finally {
      connection.release();
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as GroupConnection).release();
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    await this.mutex.lock();
    this.#commitNow();
    this.checkpointer?.close();
    this.database.close();
  }
}

type Control = "begin" | "commit" | "rollback";
/** A pragma (a WAL checkpoint, say) runs on its own, after the open group commits. */
const OUTSIDE_TRANSACTION = /^\s*pragma\b/i;

function controlOf(sql: string): Control | null {
  // Every control statement is short; this runs for each query, so longer SQL is not inspected.
  if (sql.length > 24) return null;
  const text = sql.trim().toLowerCase();
  if (text === "begin" || text === "begin immediate" || text === "begin deferred" || text === "begin transaction") return "begin";
  if (text === "commit" || text === "end") return "commit";
  return text === "rollback" ? "rollback" : null;
}

/** One acquisition of the single connection: Kysely's, for one query or for a whole transaction. */
class GroupConnection implements DatabaseConnection {
  #held = true;
  #transaction: Group | undefined;

  constructor(readonly driver: GroupCommitDriver) {}

  release(): void {
    if (this.#transaction) {
      this.driver.database.exec(`rollback to ${SAVEPOINT}; release ${SAVEPOINT}`);
      this.#transaction = undefined;
    }
    if (this.#held) this.driver.mutex.unlock();
    this.#held = false;
  }

  /** Lets other queries run while this one waits for its group to commit. */
  async #waitFor(group: Group): Promise<void> {
    this.release();
    await group.committed;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.#held) {
      await this.driver.mutex.lock();
      this.#held = true;
    }
    const control = controlOf(query.sql);
    if (control) return this.#control(control);
    if (OUTSIDE_TRANSACTION.test(query.sql) && !this.#transaction) {
      this.driver.flush();
      return run<R>(this.driver.statements.prepare(query.sql), query.parameters);
    }
    const statement = this.driver.statements.prepare(query.sql);
    const group = statement.readonly ? this.driver.current() : this.driver.enter();
    let result: QueryResult<R> | undefined;
    let failure: unknown;
    try {
      result = run<R>(statement, query.parameters);
    } catch (err) {
      failure = err;
    }
    if (group && !this.#transaction) await this.#waitFor(group);
    if (result === undefined) throw failure;
    return result;
  }

  async #control<R>(control: Control): Promise<QueryResult<R>> {
    const database = this.driver.database;
    if (control === "begin") {
      if (this.#transaction) throw new Error("A transaction is already open on this connection.");
      this.#transaction = this.driver.enter();
      database.exec(`savepoint ${SAVEPOINT}`);
    } else {
      const group = this.#transaction;
      if (!group) throw new Error(`No transaction is open to ${control}.`);
      this.#transaction = undefined;
      database.exec(control === "commit" ? `release ${SAVEPOINT}` : `rollback to ${SAVEPOINT}; release ${SAVEPOINT}`);
      if (control === "commit") await this.#waitFor(group);
    }
    return { rows: [] };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const open = this.#transaction ? undefined : this.driver.current();
    if (open) {
      await this.#waitFor(open);
      await this.driver.mutex.lock();
      this.#held = true;
    }
    for (const row of this.driver.statements.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }
}

function run<R>(statement: BetterSqlite3.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** Kysely's SQLite dialect (its query compiler, adapter and introspector) over the group-commit driver. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #driver: GroupCommitDriver;
  /** `checkpointer`: WAL checkpoints off the event loop (sqlite-checkpointer.ts); none for ":memory:". */
  constructor(database: BetterSqlite3.Database, statements: Statements, checkpointer?: Checkpointer) {
    super({ database: database as never });
    this.#driver = new GroupCommitDriver(database, statements, checkpointer);
  }
  override createDriver(): Driver {
    return this.#driver;
  }
  /**
   * Runs a compiled query straight on the driver. A prepared query (prepared-query.ts) on the
   * store's own Kysely takes this path: Kysely's executor, connection provider and runtime driver
   * around each of a reminder's twenty-odd statements were a twentieth of a fan-out's time.
   */
  runCompiled<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.#driver.runCompiled<R>(query);
  }
}
