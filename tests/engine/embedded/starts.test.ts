import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createEmbeddedEngine } from "../../../src/engine/embedded/index.js";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { testDialects } from "../../helpers/test-store.js";
import { harness } from "./harness.js";

const HOUR = 3_600_000;
const input = z.object({ ref: ref() });

function counting(id: string) {
  const counter = { runs: 0 };
  const workflow = defineWorkflow({
    id,
    input,
    async run({ ref: r }, step) {
      await step.run("count", () => ++counter.runs);
      return r;
    },
  });
  return { workflow, counter };
}

describe.each(testDialects())("embedded engine starts and schedules (%s)", (dialect) => {
  it("starts a workflow once per key, returning the first run's id", async () => {
    const h = await harness(dialect);
    const { workflow, counter } = counting("once");
    const engine = h.engine({ workflows: [workflow] });
    const first = await engine.start(workflow, { ref: "a" }, { key: "appt-1" });
    const again = await engine.start(workflow, { ref: "b" }, { key: "appt-1" });
    const other = await engine.start(workflow, { ref: "c" }, { key: "appt-2" });
    expect(first.started).toBe(true);
    expect(again).toEqual({ runId: first.runId, started: false });
    expect(other.started).toBe(true);
    await engine.drain();
    expect(counter.runs).toBe(2);
    expect((await engine.getRun(first.runId))?.output).toBe("a");
  });

  it("starts a child once from a step, even when the parent replays", async () => {
    const h = await harness(dialect);
    const child = counting("child");
    const parent = defineWorkflow({
      id: "parent",
      input,
      async run({ ref: r }, step) {
        const started = await step.start(child.workflow, { ref: r }, { key: `child-of-${r}` });
        await step.sleepUntil("nap", new Date(step.now().getTime() + HOUR));
        return started;
      },
    });
    const engine = h.engine({ workflows: [parent, child.workflow] });
    const { runId } = await engine.start(parent, { ref: "p1" }, { key: "p1" });
    await engine.drain();
    h.clock.advance(HOUR);
    await engine.drain();
    const out = (await engine.getRun(runId))?.output as { runId: string; started: boolean };
    expect(out.started).toBe(true);
    expect(await engine.listRuns({ workflowId: "child" })).toHaveLength(1);
    expect((await engine.getRun(out.runId))?.status).toBe("completed");
    expect(child.counter.runs).toBe(1);
  });

  it("holds a delayed start until its time", async () => {
    const h = await harness(dialect);
    const { workflow, counter } = counting("delayed");
    const engine = h.engine({ workflows: [workflow] });
    const at = new Date(h.clock.ms + HOUR);
    const { runId } = await engine.start(workflow, { ref: "a" }, { key: "k", at });
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "pending", wakeAt: at });
    expect(counter.runs).toBe(0);
    h.clock.advance(HOUR);
    await engine.drain();
    expect((await engine.getRun(runId))?.status).toBe("completed");
  });

  it.each([
    ["input that is not a reference", { ref: "Jane Doe" }, "k", /ref: must be an opaque reference/],
    ["a missing field", {}, "k", /ref:/],
    ["an empty key", { ref: "a" }, "", /start key/],
  ])("refuses a start with %s", async (_label, badInput, key, message) => {
    const h = await harness(dialect);
    const { workflow } = counting("strict");
    const engine = h.engine({ workflows: [workflow] });
    await expect(engine.start(workflow, badInput as { ref: string }, { key })).rejects.toThrow(message);
    expect(await engine.listRuns()).toEqual([]);
  });

  it("refuses to start a workflow it was not given", async () => {
    const h = await harness(dialect);
    const engine = h.engine({ workflows: [counting("known").workflow] });
    await expect(engine.start(counting("unknown").workflow, { ref: "a" }, { key: "k" })).rejects.toThrow(/not registered/);
  });

  it("starts one cron run per tick, however often the tick is called", async () => {
    const h = await harness(dialect);
    let ran = 0;
    const nightly = defineWorkflow({
      id: "nightly",
      input: z.object({}),
      schedule: { cron: "0 9 * * *", timeZone: "America/Chicago" },
      run: async (_i, step) => step.run("sync", () => ++ran),
    });
    const engine = h.engine({ workflows: [nightly] });
    const nineCentral = new Date("2030-01-15T15:00:00Z");
    expect(await engine.tickSchedules(new Date(nineCentral.getTime() + 30_000))).toBe(1);
    expect(await engine.tickSchedules(nineCentral)).toBe(0);
    expect(await engine.tickSchedules(new Date(nineCentral.getTime() + 5 * HOUR))).toBe(0);
    expect(await engine.tickSchedules(new Date(nineCentral.getTime() + 24 * HOUR))).toBe(1);
    h.clock.ms = nineCentral.getTime() + 25 * HOUR;
    await engine.drain();
    const runs = await engine.listRuns({ workflowId: "nightly" });
    expect(runs.map((r) => [r.key, r.status]).sort()).toEqual([
      ["cron:2030-01-15T15:00:00.000Z", "completed"],
      ["cron:2030-01-16T15:00:00.000Z", "completed"],
    ]);
    expect(ran).toBe(2);
  });

  it("the background worker ticks schedules and runs what is due without drain", async () => {
    const h = await harness(dialect);
    const { workflow } = counting("bg");
    const cron = defineWorkflow({ id: "every-minute", input: z.object({}), schedule: { cron: "* * * * *" }, run: async () => "tick" });
    const engine = h.engine({ workflows: [workflow, cron], pollIntervalMs: 20 });
    engine.startWorker();
    const { runId } = await engine.start(workflow, { ref: "a" }, { key: "k" });
    await expect.poll(async () => (await engine.getRun(runId))?.status, { timeout: 5_000 }).toBe("completed");
    await expect.poll(async () => (await engine.listRuns({ workflowId: "every-minute", status: "completed" })).length, { timeout: 5_000 }).toBe(1);
  });

  it.each([
    ["a malformed cron", { cron: "61 * * * *" }, z.object({}), /minute value "61"/],
    ["an unknown time zone", { cron: "0 9 * * *", timeZone: "Mars/Base" }, z.object({}), /time zone/],
    ["an input that rejects {}", { cron: "0 9 * * *" }, z.object({ ref: ref() }), /empty input/],
  ])("refuses, at creation, a cron workflow with %s", async (_label, schedule, schema, message) => {
    const h = await harness(dialect);
    const wf = defineWorkflow({ id: "cron-bad", input: schema, schedule, run: async () => undefined });
    expect(() => createEmbeddedEngine({ store: h.store, workflows: [wf] })).toThrow(message);
  });

  it("refuses two workflows with the same id", async () => {
    const h = await harness(dialect);
    expect(() => createEmbeddedEngine({ store: h.store, workflows: [counting("twin").workflow, counting("twin").workflow] })).toThrow(/unique/);
  });
});
