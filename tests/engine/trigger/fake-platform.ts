import { configure } from "@trigger.dev/sdk";
import { calculateNextRetryDelay, resourceCatalog, runtime, taskContext, type TaskRunContext, type WaitpointTokenResult } from "@trigger.dev/core/v3";
import { runInMockTaskContext } from "@trigger.dev/core/v3/test";
import { StandardResourceCatalog, type RuntimeManager } from "@trigger.dev/core/v3/workers";
import { setupServer } from "msw/node";
import { parseCron, previousFireAtOrBefore } from "../../../src/engine/cron.js";
import { toTriggerRetry } from "../../../src/engine/trigger/retry.js";
import { fakeApiHandlers, type FakeRun, type FakeState } from "./fake-api.js";

export const FAKE_TRIGGER_URL = "https://trigger.fake.test";
const WORKER = { id: "worker_fake", version: "1", contentHash: "fake", engine: "V2" as const };
const PARK_TIMEOUT_MS = 10_000;

let catalogInstalled = false;
/** Task definitions register only into a real catalog with a file context, as when Trigger.dev indexes. */
export function installTaskCatalog(): void {
  if (catalogInstalled) return;
  resourceCatalog.setGlobalResourceCatalog(new StandardResourceCatalog());
  resourceCatalog.setCurrentFileContext("workflows/trigger/index.ts", "workflows/trigger/index.ts");
  catalogInstalled = true;
}

interface Parked {
  ctx: TaskRunContext;
  waitpointId: string;
  resume(result: WaitpointTokenResult): void;
}

/**
 * A stand-in for the Trigger.dev platform: the HTTP API (through msw), a run queue honouring
 * delays and retry policies, waitpoints that complete when the test's clock passes them, and
 * cron ticks. Runs execute one at a time: a run goes until it waits or ends, as if each ran in
 * its own checkpointed process, so the global task context can be switched per run.
 */
export class FakeTriggerPlatform {
  readonly state: FakeState;
  private readonly server;
  private readonly parked = new Map<string, Parked>();
  private readonly contexts = new Map<string, TaskRunContext>();
  private readonly ticks = new Set<string>();
  private current: FakeRun | undefined;
  private yielded: (() => void) | undefined;
  private seq = 0;

  readonly runtime: RuntimeManager = {
    disable: () => undefined, // called at every mock-context teardown; parked runs must survive it
    waitForTask: () => Promise.reject(new Error("The adapter never waits on a child task.")),
    waitForBatch: () => Promise.reject(new Error("The adapter never waits on a batch.")),
    waitForWaitpoint: ({ waitpointFriendlyId }) => this.park(waitpointFriendlyId),
  };

  constructor(private readonly clock: { now(): Date }) {
    this.state = { now: () => clock.now().getTime(), runs: new Map(), waitpoints: new Map(), schedules: new Map(), limitOverrides: new Map(), requests: [], nextSeq: () => ++this.seq };
    this.server = setupServer(...fakeApiHandlers(FAKE_TRIGGER_URL, this.state));
    installTaskCatalog();
    // Strict for the Trigger.dev API; a scenario's own local servers (the sandbox EHR, a fake Twilio) pass through.
    this.server.listen({ onUnhandledRequest: (request, print) => (new URL(request.url).origin === FAKE_TRIGGER_URL ? print.error() : undefined) });
    configure({ secretKey: "tr_dev_fake_secret", baseURL: FAKE_TRIGGER_URL });
  }

  close(): void {
    this.server.close();
  }

  /** Runs everything runnable at the clock's time, one run at a time, until nothing is. */
  async settle(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      this.completeDueWaitpoints();
      const next = this.nextReady();
      if (!next) return;
      await this.advance(next);
    }
    throw new Error("The fake Trigger.dev platform did not settle: a run keeps becoming runnable.");
  }

  /**
   * Starts the latest due tick of each schedule attached through the API, once per tick, as the
   * platform's scheduler would; only for tasks this worker declares as scheduled tasks.
   */
  fireSchedules(at: Date): void {
    for (const schedule of this.state.schedules.values()) {
      const task = resourceCatalog.getTask(schedule.task);
      if (task?.triggerSource !== "schedule") continue;
      const tick = previousFireAtOrBefore(parseCron(schedule.cron, schedule.timezone), at);
      const tickKey = `${schedule.id}@${tick.toISOString()}`;
      if (this.ticks.has(tickKey)) continue;
      this.ticks.add(tickKey);
      const seq = this.state.nextSeq();
      const payload = { type: "IMPERATIVE", timestamp: tick, timezone: schedule.timezone, scheduleId: schedule.id, upcoming: [] };
      this.state.runs.set(`run_${seq}`, { id: `run_${seq}`, seq, taskId: schedule.task, payload, notBefore: tick.getTime(), status: "queued", attempts: 0, failures: 0 });
    }
  }

  private completeDueWaitpoints(): void {
    const now = this.state.now();
    for (const wp of this.state.waitpoints.values()) {
      if (wp.result) continue;
      if (wp.kind === "duration" && wp.dueAt !== undefined && wp.dueAt <= now) wp.result = { ok: true };
      if (wp.kind === "token" && wp.timeoutAt !== undefined && wp.timeoutAt <= now) {
        const error = { code: "TRIGGER_WAITPOINT_TIMEOUT", message: `Waitpoint timed out at ${new Date(wp.timeoutAt).toISOString()}` };
        wp.result = { ok: false, output: JSON.stringify(error), outputType: "application/json" };
      }
    }
  }

  private nextReady(): FakeRun | undefined {
    const now = this.state.now();
    const ready = [...this.state.runs.values()].filter((run) => {
      if (run.status === "queued") return run.notBefore <= now;
      const parked = this.parked.get(run.id);
      return run.status === "waiting" && parked !== undefined && this.state.waitpoints.get(parked.waitpointId)?.result !== undefined;
    });
    return ready.sort((a, b) => a.seq - b.seq)[0];
  }

  private async advance(run: FakeRun): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const yielded = new Promise<void>((resolve, reject) => {
      this.yielded = resolve;
      timer = setTimeout(() => reject(new Error(`Run ${run.id} neither waited nor finished within ${PARK_TIMEOUT_MS} ms.`)), PARK_TIMEOUT_MS);
    });
    this.current = run;
    try {
      if (run.status === "waiting") this.resume(run);
      else this.startAttempt(run);
      await yielded;
    } finally {
      clearTimeout(timer);
      this.current = undefined;
    }
  }

  private yieldControl(): void {
    const yielded = this.yielded;
    this.yielded = undefined;
    yielded?.();
  }

  private park(waitpointId: string): Promise<WaitpointTokenResult> {
    const run = this.current;
    const ctx = run && this.contexts.get(run.id);
    if (!run || !ctx) return Promise.reject(new Error(`A wait on ${waitpointId} happened outside a run.`));
    this.completeDueWaitpoints();
    const done = this.state.waitpoints.get(waitpointId)?.result;
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => {
      run.status = "waiting";
      this.parked.set(run.id, { ctx, waitpointId, resume: resolve });
      this.yieldControl();
    });
  }

  private resume(run: FakeRun): void {
    const parked = this.parked.get(run.id);
    const result = parked && this.state.waitpoints.get(parked.waitpointId)?.result;
    if (!parked || !result) throw new Error(`Run ${run.id} is not ready to resume.`);
    this.parked.delete(run.id);
    run.status = "executing";
    // Another run's mock context may have replaced or torn down the globals since this one parked.
    taskContext.setGlobalTaskContext({ ctx: parked.ctx, worker: WORKER, isWarmStart: false });
    runtime.setGlobalRuntimeManager(this.runtime);
    parked.resume(result);
  }

  private startAttempt(run: FakeRun): void {
    const task = resourceCatalog.getTask(run.taskId);
    run.attempts++;
    run.status = "executing";
    if (!task) {
      run.status = "failed";
      run.error = `Error: task "${run.taskId}" is not registered`;
      this.yieldControl();
      return;
    }
    const ctxOverrides = { run: { id: run.id }, attempt: { number: run.attempts }, task: { id: run.taskId } };
    void runInMockTaskContext(
      async ({ ctx }) => {
        this.contexts.set(run.id, ctx);
        const payload = task.fns.parsePayload ? await task.fns.parsePayload(run.payload) : run.payload;
        return task.fns.run(payload, { ctx, signal: new AbortController().signal });
      },
      { ctx: ctxOverrides, runtimeManager: this.runtime },
    )
      .then(
        (output: unknown) => {
          run.status = "completed";
          run.output = output === undefined ? undefined : JSON.parse(JSON.stringify(output));
        },
        (err: unknown) => {
          run.failures++;
          run.error = err instanceof Error ? `${err.name}: ${err.message}` : `NonError: ${String(err)}`;
          // The platform falls back to trigger.config.ts's default, which is the port's default.
          const delay = calculateNextRetryDelay(task.retry ?? toTriggerRetry(), run.attempts);
          if (delay === undefined) run.status = "failed";
          else Object.assign(run, { status: "queued", notBefore: this.state.now() + delay });
        },
      )
      .finally(() => this.yieldControl());
  }
}
