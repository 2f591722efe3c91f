import type { Kysely } from "kysely";
import { errorKind, log } from "../../log.js";
import type { Tables } from "../../store/tables.js";
import type { EngineHealth } from "../port.js";
import { claimRuns, renewLeases, type ClaimedRun } from "./run-store.js";
import type { Clock } from "./types.js";

export interface SchedulerDeps {
  db: Kysely<Tables>;
  clock: Clock;
  workflowIds: string[];
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
  execute(run: ClaimedRun): Promise<void>;
  /** Called each loop turn by the background worker (cron ticks). */
  onPoll?(): Promise<void>;
}

/** How often claims also look for expired leases and raced signals (at most; half the lease if shorter). */
const RARE_CHECK_MS = 5_000;

/**
 * Claims due runs up to the concurrency limit and executes them; keeps their leases alive.
 * The background loop and `drain` share the same slots, so the limit holds across both.
 */
export class Scheduler {
  private readonly inFlight = new Map<string, { owner: string; done: Promise<void> }>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private claiming: Promise<number> = Promise.resolve(0);
  private nudged = false;
  private wake: (() => void) | undefined;
  /** Nudges so far, and the drains waiting for the next one. */
  private nudges = 0;
  private readonly drainWakers: Array<() => void> = [];
  private lastRareCheck = 0;
  private lastPollFailed = false;

  constructor(private readonly deps: SchedulerDeps) {}

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Cuts the current poll wait short (a run was started, signalled or finished). */
  nudge(): void {
    this.nudged = true;
    this.nudges += 1;
    this.wake?.();
    for (const wake of this.drainWakers.splice(0)) wake();
  }

  /** Claims and launches due runs for the free slots; serialized so two callers never over-claim. */
  fillSlots(forceRareChecks: boolean): Promise<number> {
    const next = this.claiming.then(() => this.claimAndLaunch(forceRareChecks));
    this.claiming = next.catch(() => 0);
    return next;
  }

  private async claimAndLaunch(forceRareChecks: boolean): Promise<number> {
    const free = this.deps.concurrency - this.inFlight.size;
    // Refill in batches (once half the slots are free): one claim query serves several runs.
    if (this.stopping || free <= 0 || (this.inFlight.size > 0 && free < Math.ceil(this.deps.concurrency / 2))) return 0;
    const includeRare = forceRareChecks || Date.now() - this.lastRareCheck >= Math.min(RARE_CHECK_MS, this.deps.leaseMs / 2);
    if (includeRare) this.lastRareCheck = Date.now();
    const runs = await claimRuns(this.deps.db, {
      workflowIds: this.deps.workflowIds,
      exclude: new Set(this.inFlight.keys()),
      limit: free,
      now: this.deps.clock.now().getTime(),
      realNow: Date.now(),
      leaseMs: this.deps.leaseMs,
      includeRare,
    });
    for (const run of runs) {
      const done = this.deps.execute(run).finally(() => {
        this.inFlight.delete(run.id);
        this.nudge();
      });
      this.inFlight.set(run.id, { owner: run.owner, done });
    }
    return runs.length;
  }

  /** Ready while the background worker runs and its last poll of the store succeeded. */
  health(): EngineHealth {
    if (this.stopping) return { ok: false, detail: "the embedded engine's worker is stopping" };
    if (!this.loop) return { ok: false, detail: "the embedded engine's worker has not started" };
    if (this.lastPollFailed) return { ok: false, detail: "the embedded engine's worker could not read due runs from the store" };
    return { ok: true, detail: "the embedded engine's worker is running" };
  }

  start(): void {
    if (this.stopping) throw new Error("This engine was stopped; create a new engine to start again.");
    if (this.loop) return;
    this.startHeartbeat();
    this.loop = this.runLoop();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      const runs = [...this.inFlight].map(([id, r]) => ({ id, owner: r.owner }));
      renewLeases(this.deps.db, runs, Date.now() + this.deps.leaseMs).catch((err: unknown) => log.warn("engine.lease_renew_failed", { errorKind: errorKind(err) }));
    }, Math.max(50, Math.floor(this.deps.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.deps.onPoll?.();
        const claimed = await this.fillSlots(false);
        this.lastPollFailed = false;
        if (claimed > 0 && this.inFlight.size < this.deps.concurrency) continue;
      } catch (err) {
        this.lastPollFailed = true;
        log.error("engine.worker.poll_failed", { errorKind: errorKind(err) });
      }
      await this.waitForNudge(this.deps.pollIntervalMs);
    }
  }

  private waitForNudge(ms: number): Promise<void> {
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.nudged = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  async drain(maxMs: number): Promise<void> {
    this.startHeartbeat();
    try {
      await this.drainUntilIdle(maxMs);
    } finally {
      if (!this.loop) this.stopHeartbeat();
    }
  }

  private async drainUntilIdle(maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    let first = true;
    for (;;) {
      const nudgesBefore = this.nudges;
      const claimed = await this.fillSlots(first);
      first = false;
      if (claimed === 0 && this.inFlight.size === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`drain: runs were still runnable or executing after ${maxMs} ms; raise maxMs or check for a run that never settles.`);
      if (this.inFlight.size >= this.deps.concurrency) await this.firstDone(left);
      // Nothing due yet: wait for a run to finish, or to be started or signalled (by a running one,
      // a sync starting reminders, say), as the background loop does, not for the runs in flight.
      else if (claimed === 0 && this.nudges === nudgesBefore) await Promise.race([this.firstDone(left), new Promise<void>((resolve) => this.drainWakers.push(resolve))]);
    }
  }

  private firstDone(maxWaitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
    return Promise.race([timeout, ...[...this.inFlight.values()].map((r) => r.done)]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    await this.claiming;
    await Promise.all([...this.inFlight.values()].map((r) => r.done));
    this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
