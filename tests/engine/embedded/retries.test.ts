import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { testDialects } from "../../helpers/test-store.js";
import { harness } from "./harness.js";

const input = z.object({ ref: ref() });

describe.each(testDialects())("embedded engine retries (%s)", (dialect) => {
  it("retries with exponential backoff, then records the failure and logs ids only", async () => {
    const h = await harness(dialect);
    let calls = 0;
    const wf = defineWorkflow({
      id: "flaky",
      input,
      retry: { maxAttempts: 3, minDelayMs: 1_000, factor: 2, maxDelayMs: 60_000 },
      async run(_i, step) {
        await step.run("call", () => {
          calls++;
          throw new TypeError("provider said no for +1 312 555 0100");
        });
      },
    });
    const engine = h.engine({ workflows: [wf] });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    const t0 = h.clock.ms;

    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "pending", attempts: 1, wakeAt: new Date(t0 + 1_000) });
    h.clock.advance(999);
    await engine.drain();
    expect(calls).toBe(1);
    h.clock.advance(1);
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "pending", attempts: 2, wakeAt: new Date(t0 + 1_000 + 2_000) });
    h.clock.advance(2_000);
    await engine.drain();

    const failed = await engine.getRun(runId);
    expect(failed).toMatchObject({ status: "failed", attempts: 3, error: "TypeError: provider said no for +1 312 555 0100" });
    expect(failed?.wakeAt).toBeUndefined();
    expect(calls).toBe(3);
    expect((await engine.listRuns({ status: "failed" })).map((r) => r.id)).toEqual([runId]);

    const failLine = h.logs.find((l) => l.event === "engine.run.failed");
    expect(failLine?.fields).toMatchObject({ runId, workflowId: "flaky", attempt: 3, errorKind: "TypeError" });
    // The error's message (with its phone number) stays in the run record, never in the logs.
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain("312 555 0100");
    expect(logged).not.toContain("provider said no");
  });

  it("resumes after a failure without repeating the steps that succeeded", async () => {
    const h = await harness(dialect);
    const calls = { first: 0, second: 0 };
    const wf = defineWorkflow({
      id: "recovers",
      input,
      async run(_i, step) {
        await step.run("first", () => ++calls.first);
        return step.run("second", () => {
          if (++calls.second < 3) throw new Error("transient");
          return "ok";
        });
      },
    });
    const engine = h.engine({ workflows: [wf], retry: { minDelayMs: 10, maxAttempts: 5 } });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    for (let i = 0; i < 3; i++) {
      await engine.drain();
      h.clock.advance(1_000);
    }
    expect(await engine.getRun(runId)).toMatchObject({ status: "completed", output: "ok", attempts: 2 });
    expect(calls).toEqual({ first: 1, second: 3 });
  });

  it("lets the workflow's own retry policy override the engine's", async () => {
    const h = await harness(dialect);
    const wf = defineWorkflow({ id: "strict", input, retry: { maxAttempts: 1 }, run: async () => Promise.reject(new Error("no")) });
    const engine = h.engine({ workflows: [wf], retry: { maxAttempts: 10 } });
    const { runId } = await engine.start(wf, { ref: "r" }, { key: "k" });
    await engine.drain();
    expect(await engine.getRun(runId)).toMatchObject({ status: "failed", attempts: 1, error: "Error: no" });
  });

  it("truncates a long error and records a thrown non-Error", async () => {
    const h = await harness(dialect);
    const long = defineWorkflow({ id: "long", input, retry: { maxAttempts: 1 }, run: async () => Promise.reject(new Error("x".repeat(5_000))) });
    const odd = defineWorkflow({ id: "odd", input, retry: { maxAttempts: 1 }, run: async () => Promise.reject(42) });
    const engine = h.engine({ workflows: [long, odd] });
    const a = await engine.start(long, { ref: "r" }, { key: "k" });
    const b = await engine.start(odd, { ref: "r" }, { key: "k" });
    await engine.drain();
    const errA = (await engine.getRun(a.runId))?.error ?? "";
    expect(errA.length).toBeLessThanOrEqual(500);
    expect(errA.startsWith("Error: xxx")).toBe(true);
    expect((await engine.getRun(b.runId))?.error).toBe("NonError: 42");
  });
});
