import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createEmbeddedEngine } from "../../../src/engine/embedded/index.js";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { testDialects } from "../../helpers/test-store.js";
import { gate, harness } from "./harness.js";

const HOUR = 3_600_000;
const input = z.object({ ref: ref() });

describe.each(testDialects())("embedded engine worker (%s)", (dialect) => {
  it("never executes more runs at once than the concurrency limit", async () => {
    const h = await harness(dialect);
    let active = 0;
    let peak = 0;
    const wf = defineWorkflow({
      id: "busy",
      input,
      run: async (_i, step) =>
        step.run("work", async () => {
          peak = Math.max(peak, ++active);
          // Hold the slot until the limit is reached (or a while passes), so a loaded machine
          // cannot finish one run before the next starts and hide a broken limit.
          for (let i = 0; i < 60 && active < 3; i++) await sleep(5);
          await sleep(5);
          active--;
        }),
    });
    const engine = h.engine({ workflows: [wf], concurrency: 3 });
    for (let i = 0; i < 12; i++) await engine.start(wf, { ref: `r${i}` }, { key: `k${i}` });
    await engine.drain();
    expect(peak).toBe(3);
    expect(await engine.listRuns({ status: "completed" })).toHaveLength(12);
  });

  it("drain runs what a running run starts while it is still running, as the background loop does", async () => {
    const h = await harness(dialect);
    const childDone = gate();
    const child = defineWorkflow({ id: "child", input, run: async (_i, step) => step.run("note", async () => childDone.open()) });
    let engine: ReturnType<typeof h.engine> | undefined;
    // The parent finishes only once its child has run: a drain that waited for the parent before
    // claiming the child (as a sync's reminders once waited for the sync) would never get there.
    const parent = defineWorkflow({
      id: "parent",
      input,
      run: async (_i, step) =>
        step.run("start-and-wait", async () => {
          await engine?.start(child, { ref: "c1" }, { key: "child-1" });
          await childDone.opened;
        }),
    });
    engine = h.engine({ workflows: [parent, child], concurrency: 4 });
    await engine.start(parent, { ref: "p1" }, { key: "parent-1" });
    await engine.drain({ maxMs: 5_000 });
    expect((await engine.listRuns({ status: "completed" })).map((r) => r.workflowId).sort()).toEqual(["child", "parent"]);
  });

  it("stops gracefully: the in-flight step finishes, the next one waits for the next engine", async () => {
    const h = await harness(dialect);
    const inStep = gate();
    const release = gate();
    const calls = { slow: 0, after: 0 };
    const wf = defineWorkflow({
      id: "two-steps",
      input,
      async run(_i, step) {
        await step.run("slow", async () => {
          calls.slow++;
          inStep.open();
          await release.opened;
          return "slow-done";
        });
        await step.run("after", () => ++calls.after);
        return "finished";
      },
    });
    const first = h.engine({ workflows: [wf], pollIntervalMs: 10 });
    first.startWorker();
    const { runId } = await first.start(wf, { ref: "r" }, { key: "k" });
    await inStep.opened;
    let stopped = false;
    const stopping = first.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(calls).toEqual({ slow: 1, after: 0 });
    expect((await first.getRun(runId))?.status).toBe("pending");
    expect(() => first.startWorker()).toThrow(/stopped/);

    const second = h.engine({ workflows: [wf] });
    await second.drain();
    expect(await second.getRun(runId)).toMatchObject({ status: "completed", output: "finished" });
    expect(calls).toEqual({ slow: 1, after: 1 });
  });

  it("drain gives up after maxMs when a run never settles, naming the limit", async () => {
    const h = await harness(dialect);
    const stuck = gate();
    const wf = defineWorkflow({ id: "stuck", input, run: async (_i, step) => step.run("hang", () => stuck.opened) });
    const engine = h.engine({ workflows: [wf] });
    await engine.start(wf, { ref: "r" }, { key: "k" });
    await expect(engine.drain({ maxMs: 100 })).rejects.toThrow(/after 100 ms/);
    stuck.open();
    await engine.drain();
    expect((await engine.listRuns())[0]?.status).toBe("completed");
  });

  it("replays a sleeping run in a new engine on the same store", async () => {
    const h = await harness(dialect);
    const calls = { before: 0, after: 0 };
    const wf = defineWorkflow({
      id: "sleeper",
      input,
      async run(_i, step) {
        const before = await step.run("before", () => ++calls.before);
        await step.sleepUntil("night", new Date(step.now().getTime() + 8 * HOUR));
        const after = await step.run("after", () => ++calls.after);
        return { before, after };
      },
    });
    const first = h.engine({ workflows: [wf] });
    const { runId } = await first.start(wf, { ref: "r" }, { key: "k" });
    await first.drain();
    h.clock.advance(8 * HOUR);
    const second = createEmbeddedEngine({ store: h.store, workflows: [wf], clock: h.clock });
    await second.drain();
    expect(await second.getRun(runId)).toMatchObject({ status: "completed", output: { before: 1, after: 1 } });
    expect(calls).toEqual({ before: 1, after: 1 });
  });

  it("takes over a run whose claim expired (its worker died) but not one whose claim is live", async () => {
    const h = await harness(dialect);
    const wf = defineWorkflow({ id: "orphan", input, run: async (_i, step) => step.run("s", () => "done") });
    const engine = h.engine({ workflows: [wf] });
    const dead = await engine.start(wf, { ref: "a" }, { key: "dead" });
    const live = await engine.start(wf, { ref: "b" }, { key: "live" });
    const claim = (id: string, leaseUntil: number) =>
      h.store.db.updateTable("workflow_runs").set({ status: "running", wake_at: null, lease_owner: "gone-worker", lease_until: leaseUntil }).where("id", "=", id).execute();
    await claim(dead.runId, Date.now() - 1);
    await claim(live.runId, Date.now() + 60_000);
    await engine.drain();
    expect((await engine.getRun(dead.runId))?.status).toBe("completed");
    expect((await engine.getRun(live.runId))?.status).toBe("running");
  });

  it("finds a waiting run whose signal raced its suspension", async () => {
    const h = await harness(dialect);
    const wf = defineWorkflow({
      id: "racer",
      input,
      run: async (_i, step) => step.waitForSignal("reply", { key: "race-key", until: new Date(step.now().getTime() + HOUR) }),
    });
    const engine = h.engine({ workflows: [wf] });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    await engine.drain();
    // The signal row lands without the wake-up that engine.signal would also do.
    await h.store.db.insertInto("signals").values({ key: "race-key", payload: '"YES"', received_at: h.clock.ms, consumed_by_run: null }).execute();
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: "YES" });
  });

  it("leaves alone runs of a workflow it does not know", async () => {
    const h = await harness(dialect);
    const old = defineWorkflow({ id: "retired", input, run: async () => "x" });
    const current = defineWorkflow({ id: "current", input, run: async () => "y" });
    const { runId } = await h.engine({ workflows: [old] }).start(old, { ref: "r" }, { key: "k" });
    await h.engine({ workflows: [current] }).drain();
    expect((await h.engine({ workflows: [old] }).getRun(runId))?.status).toBe("pending");
  });

  it.each([
    ["concurrency", { concurrency: 0 }],
    ["pollIntervalMs", { pollIntervalMs: -1 }],
    ["leaseMs", { leaseMs: Number.NaN }],
  ])("refuses a bad %s option", async (name, bad) => {
    const h = await harness(dialect);
    expect(() => createEmbeddedEngine({ store: h.store, workflows: [], ...bad })).toThrow(name);
  });
});
