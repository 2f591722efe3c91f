import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { testDialects } from "../../helpers/test-store.js";
import { harness } from "./harness.js";

const HOUR = 3_600_000;
const input = z.object({ ref: ref() });

describe.each(testDialects())("embedded engine steps (%s)", (dialect) => {
  it("memoizes step results across a sleep: a step before the sleep runs once, and replays see its JSON value", async () => {
    const h = await harness(dialect);
    const calls = { fetch: 0, send: 0 };
    const wf = defineWorkflow({
      id: "memo",
      input,
      async run(_input, step) {
        const fetched = await step.run("fetch", () => {
          calls.fetch++;
          return { at: new Date(0), n: calls.fetch };
        });
        await step.sleepUntil("pause", new Date(Date.parse("2030-01-15T13:00:00Z")));
        await step.run("send", () => calls.send++);
        return fetched;
      },
    });
    const engine = h.engine({ workflows: [wf] });
    const { runId } = await engine.start(wf, { ref: "r1" }, { key: "k1" });
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "sleeping", wakeAt: new Date("2030-01-15T13:00:00Z") });
    h.clock.advance(HOUR);
    await engine.drain();
    expect(calls).toEqual({ fetch: 1, send: 1 });
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: { at: "1970-01-01T00:00:00.000Z", n: 1 } });
  });

  it("does not suspend on a sleep that is already due", async () => {
    const h = await harness(dialect);
    const wf = defineWorkflow({
      id: "due-sleep",
      input,
      async run(_i, step) {
        await step.sleepUntil("past", new Date(step.now().getTime() - 1));
        await step.sleepUntil("now", step.now());
        return "done";
      },
    });
    const engine = h.engine({ workflows: [wf] });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: "done" });
  });

  const waiter = defineWorkflow({
    id: "waiter",
    input,
    async run({ ref: key }, step) {
      const reply = await step.waitForSignal<{ word: string }>("reply", { key: `reply:${key}`, until: new Date(step.now().getTime() + HOUR) });
      return { reply };
    },
  });

  it("delivers a signal that arrived before the wait began", async () => {
    const h = await harness(dialect);
    const engine = h.engine({ workflows: [waiter] });
    expect(await engine.signal("reply:c1", { word: "YES" })).toBe(false);
    const { runId } = await engine.start(waiter, { ref: "c1" }, { key: "c1" });
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: { reply: { word: "YES" } } });
  });

  it("wakes a waiting run when its signal arrives, and a second signal finds no waiter", async () => {
    const h = await harness(dialect);
    const engine = h.engine({ workflows: [waiter] });
    const { runId } = await engine.start(waiter, { ref: "c2" }, { key: "c2" });
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "waiting", wakeAt: new Date(h.clock.ms + HOUR) });
    expect(await engine.signal("reply:other", { word: "NO" })).toBe(false);
    expect(await engine.signal("reply:c2", { word: "STOP" })).toBe(true);
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: { reply: { word: "STOP" } } });
    expect(await engine.signal("reply:c2", { word: "again" })).toBe(false);
  });

  it("returns null when the wait times out, and a late signal changes nothing", async () => {
    const h = await harness(dialect);
    const engine = h.engine({ workflows: [waiter] });
    const { runId } = await engine.start(waiter, { ref: "c3" }, { key: "c3" });
    await engine.drain();
    h.clock.advance(HOUR - 1);
    await engine.drain();
    expect((await engine.getRun(runId))?.status).toBe("waiting");
    h.clock.advance(1);
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: { reply: null } });
    expect(await engine.signal("reply:c3", { word: "late" })).toBe(false);
    await engine.drain();
    expect((await engine.getRun(runId))?.output).toEqual({ reply: null });
  });

  it("gives one signal to one waiter when two runs wait on the same key", async () => {
    const h = await harness(dialect);
    const engine = h.engine({ workflows: [waiter] });
    const a = await engine.start(waiter, { ref: "same" }, { key: "a" });
    const b = await engine.start(waiter, { ref: "same" }, { key: "b" });
    await engine.drain();
    expect(await engine.signal("reply:same", { word: "YES" })).toBe(true);
    await engine.drain();
    const statuses = [(await engine.getRun(a.runId))?.status, (await engine.getRun(b.runId))?.status].sort();
    expect(statuses).toEqual(["completed", "waiting"]);
  });

  it("journals step.now() so a replay after a sleep sees the first value", async () => {
    const h = await harness(dialect);
    const started = h.clock.ms;
    const wf = defineWorkflow({
      id: "now",
      input,
      async run(_i, step) {
        const first = step.now();
        await step.sleepUntil("later", new Date(first.getTime() + HOUR));
        const second = step.now();
        return { first: first.getTime(), second: second.getTime() };
      },
    });
    const engine = h.engine({ workflows: [wf] });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    await engine.drain();
    h.clock.advance(2 * HOUR);
    await engine.drain();
    expect((await engine.getRun(runId))?.output).toEqual({ first: started, second: started + 2 * HOUR });
  });

  it.each([
    ["a step name used twice", async (step: import("../../../src/engine/port.js").Step) => { await step.run("x", () => 1); await step.run("x", () => 2); }, /unique name/],
    ["a step result that is not JSON", async (step: import("../../../src/engine/port.js").Step) => { await step.run("big", () => 10n); }, /cannot be stored as JSON/],
    ["a sleep given an invalid date", async (step: import("../../../src/engine/port.js").Step) => { await step.sleepUntil("bad", new Date("nope")); }, /valid Date/],
  ])("fails the run, with the reason recorded, for %s", async (_label, body, reason) => {
    const h = await harness(dialect);
    const wf = defineWorkflow({ id: "bad", input, retry: { maxAttempts: 1 }, run: async (_i, step) => body(step) });
    const engine = h.engine({ workflows: [wf] });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    await engine.drain();
    const run = await engine.getRun(runId);
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatch(reason);
  });
});
