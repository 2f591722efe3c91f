/**
 * WAL checkpoints off the event loop. SQLite copies its write-ahead log back into the database file
 * every 1,000 pages, inside whichever commit crosses the line, and syncs the file to disk. In a
 * fan-out that was about one commit in a hundred taking 5 to 120 ms, a tenth of the process's time,
 * while every run waited on the event loop.
 *
 * Here a worker thread, with its own connection to the same file, runs a PASSIVE checkpoint (it
 * never blocks the writer) after every CHECKPOINT_EVERY commits. The writer's own automatic
 * checkpoint stays as a backstop at a larger log, for when the worker falls behind or is gone. The
 * worker starts at the first request, so a store that writes little never starts one. A worker
 * that fails hands checkpoints back to the writer, as before.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type BetterSqlite3 from "better-sqlite3";
import { errorKind, log } from "../log.js";

/** Commits between two checkpoint requests: about SQLite's own 1,000 pages at a fan-out's few pages a commit. */
export const CHECKPOINT_EVERY = 200;
/** SQLite's default automatic checkpoint, in pages, and the writer's backstop while the worker runs. */
const WRITER_CHECKPOINT_PAGES = 1_000;
const BACKSTOP_PAGES = 10_000;
const CLOSE_WAIT_MS = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    const closed = new Int32Array(workerData.closed);
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage("done");
  } catch (err) {
    parentPort.postMessage({ failed: (err && err.code) || "error" });
  }
});
`;

export interface Checkpointer {
  /** Call after each commit. */
  committed(): void;
  /**
   * Closes the worker's connection before the writer's, so the writer's close is the last and
   * folds the log into the database file. It waits (blocking, at most CLOSE_WAIT_MS) for the worker,
   * so no query can slip in between a store's close and its end.
   */
  close(): void;
}

export function startCheckpointer(database: BetterSqlite3.Database, path: string): Checkpointer {
  let commits = 0;
  let worker: Worker | undefined;
  let busy = false;
  let failed = false;
  const closed = new SharedArrayBuffer(4);

  const giveBack = (reason: string) => {
    if (failed) return;
    failed = true;
    log.warn("store.checkpointer_stopped", { reason });
    if (database.open) database.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    void worker?.terminate();
    worker = undefined;
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: createRequire(import.meta.url).resolve("better-sqlite3"), path, closed } });
    started.unref();
    started.on("message", (message: unknown) => {
      busy = false;
      if (message !== "done") giveBack(`checkpoint failed: ${(message as { failed?: string }).failed ?? "unknown"}`);
    });
    started.on("error", (err) => giveBack(errorKind(err)));
    started.on("exit", () => {
      if (worker === started) giveBack("worker exited");
    });
    database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    return started;
  };

  return {
    committed() {
      if (failed || ++commits % CHECKPOINT_EVERY !== 0 || busy) return;
      try {
        worker ??= start();
      } catch (err) {
        giveBack(errorKind(err));
        return;
      }
      busy = true;
      worker.postMessage("checkpoint");
    },
    close() {
      const running = worker;
      worker = undefined;
      if (!running) return;
      running.postMessage("close");
      Atomics.wait(new Int32Array(closed), 0, 0, CLOSE_WAIT_MS);
      void running.terminate();
    },
  };
}
