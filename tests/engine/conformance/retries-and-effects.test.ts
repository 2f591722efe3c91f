import { describe, expect, it } from "vitest";
import { z } from "zod";
import { withEffect } from "../../../src/engine/effects.js";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { engines } from "./engines.js";
import { T0, at, scenario } from "./harness.js";

const input = z.object({ ref: ref() });
const retry = { maxAttempts: 3, minDelayMs: 1_000, maxDelayMs: 60_000, factor: 2 };

describe.each(engines)("conformance: retries and effect keys ($name)", (engine) => {
  it("retries with exponential backoff, then records the failure with its message", async () => {
    await scenario(
      engine,
      ({ calls }) => ({
        broken: defineWorkflow({
          id: "broken",
          input,
          retry,
          async run() {
            throw new Error(`upstream down (attempt ${calls.bump("attempt")})`);
          },
        }),
      }),
      async (h, w, { calls }) => {
        const { runId } = await h.start(w.broken, { ref: "r" }, "k");
        await h.settle();
        expect(await h.run(runId)).toMatchObject({ state: "pending", failures: 1 });
        // First retry after 1 s, second 2 s after that; not a millisecond early.
        await h.advanceTo(at(999));
        expect(calls.count("attempt")).toBe(1);
        await h.advanceTo(at(1_000));
        expect(await h.run(runId)).toMatchObject({ state: "pending", failures: 2 });
        await h.advanceTo(at(2_999));
        expect(calls.count("attempt")).toBe(2);
        await h.advanceTo(at(3_000));
        const run = await h.run(runId);
        expect(run).toMatchObject({ state: "failed", failures: 3 });
        expect(run?.error).toContain("upstream down (attempt 3)");
        await h.advanceTo(at(3_600_000));
        expect(calls.count("attempt")).toBe(3); // a failed run stays failed
      },
    );
  });

  it("keeps an effect exactly-once through a retry, and the retry completes the run", async () => {
    // On the embedded engine a retry replays from the journal; on Trigger.dev it re-runs the
    // whole attempt. The shared guarantee is the effect key: the send happens once either way.
    // The effect sits outside step.run on purpose, so only the key protects it on both engines.
    await scenario(
      engine,
      ({ store, calls }) => ({
        sender: defineWorkflow({
          id: "sender",
          input,
          retry,
          async run({ ref: r }, step) {
            const sent = await withEffect(store, `sms:${r}`, async () => ({ sid: `SM${calls.bump("send")}` }));
            await step.run("note", () => calls.bump("note"));
            if (calls.bump("body") === 1) throw new Error("crashed after the send");
            return sent;
          },
        }),
      }),
      async (h, w, { calls, store }) => {
        const { runId } = await h.start(w.sender, { ref: "appt1" }, "k");
        await h.settle();
        expect(await h.run(runId)).toMatchObject({ state: "pending", failures: 1 });
        await h.advanceTo(new Date(T0 + 1_000));
        expect(await h.run(runId)).toMatchObject({ state: "completed", output: { sid: "SM1" } });
        expect(calls.count("send")).toBe(1);
        expect(calls.count("body")).toBe(2);
        // Where the engines legitimately differ: the embedded journal replays the recorded step,
        // while a Trigger.dev retry runs it again. Either is fine for a step with no effect.
        expect(calls.count("note")).toBe(engine.name === "embedded" ? 1 : 2);
        const row = await store.db.selectFrom("effects").select(["status", "result"]).where("key", "=", "sms:appt1").executeTakeFirst();
        expect(row).toEqual({ status: "done", result: JSON.stringify({ sid: "SM1" }) });
      },
    );
  });

  it("keeps an effect inside a step exactly-once through a retry", async () => {
    await scenario(
      engine,
      ({ store, calls }) => ({
        stepSender: defineWorkflow({
          id: "step-sender",
          input,
          retry,
          async run({ ref: r }, step) {
            const sent = await step.run("send", () => withEffect(store, `sms:${r}`, async () => calls.bump("send")));
            if (calls.bump("body") === 1) throw new Error("crashed after the step");
            return sent;
          },
        }),
      }),
      async (h, w, { calls }) => {
        const { runId } = await h.start(w.stepSender, { ref: "appt2" }, "k");
        await h.settle();
        await h.advanceTo(new Date(T0 + 1_000));
        expect(await h.run(runId)).toMatchObject({ state: "completed", output: 1 });
        expect(calls.count("send")).toBe(1);
        expect(calls.count("body")).toBe(2);
      },
    );
  });
});
