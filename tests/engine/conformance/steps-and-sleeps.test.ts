import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { engines } from "./engines.js";
import { HOUR, MINUTE, at, scenario } from "./harness.js";

const input = z.object({ ref: ref() });

describe.each(engines)("conformance: steps and sleeps ($name)", (engine) => {
  it("runs a step once across a sleep, and the workflow sees its JSON value", async () => {
    await scenario(
      engine,
      ({ calls }) => ({
        memo: defineWorkflow({
          id: "memo",
          input,
          async run(_input, step) {
            const fetched = await step.run("fetch", () => ({ at: new Date(0), n: calls.bump("fetch") }));
            await step.sleepUntil("pause", at(HOUR));
            const sent = await step.run("send", () => calls.bump("send"));
            return { fetched, sent, isString: typeof fetched.at === "string" };
          },
        }),
      }),
      async (h, w, { calls }) => {
        const { runId } = await h.start(w.memo, { ref: "r1" }, "k1");
        await h.settle();
        expect(await h.run(runId)).toMatchObject({ state: "suspended" });
        expect([calls.count("fetch"), calls.count("send")]).toEqual([1, 0]);
        await h.advanceTo(at(HOUR));
        expect([calls.count("fetch"), calls.count("send")]).toEqual([1, 1]);
        expect(await h.run(runId)).toMatchObject({
          state: "completed",
          output: { fetched: { at: "1970-01-01T00:00:00.000Z", n: 1 }, sent: 1, isString: true },
        });
      },
    );
  });

  it("refuses a step name used twice, failing the run with a message naming it", async () => {
    await scenario(
      engine,
      () => ({
        dup: defineWorkflow({
          id: "dup",
          input,
          retry: { maxAttempts: 1 },
          async run(_input, step) {
            await step.run("same", () => 1);
            await step.run("same", () => 2);
          },
        }),
      }),
      async (h, w) => {
        const { runId } = await h.start(w.dup, { ref: "r" }, "k");
        await h.settle();
        const run = await h.run(runId);
        expect(run).toMatchObject({ state: "failed", failures: 1 });
        expect(run?.error).toMatch(/"run:same" is used twice/);
      },
    );
  });

  it("sleeps until the instant and not a millisecond less", async () => {
    await scenario(
      engine,
      ({ calls }) => ({
        sleeper: defineWorkflow({
          id: "sleeper",
          input,
          async run(_input, step) {
            await step.sleepUntil("nap", at(2 * HOUR));
            return step.run("after", () => calls.bump("after"));
          },
        }),
      }),
      async (h, w, { calls }) => {
        const { runId } = await h.start(w.sleeper, { ref: "r" }, "k");
        await h.settle();
        await h.advanceTo(at(2 * HOUR - 1));
        expect(await h.run(runId)).toMatchObject({ state: "suspended" });
        expect(calls.count("after")).toBe(0);
        await h.advanceTo(at(2 * HOUR));
        expect(await h.run(runId)).toMatchObject({ state: "completed", output: 1 });
      },
    );
  });

  it("does not suspend on sleeps already due (in the past, or exactly now)", async () => {
    await scenario(
      engine,
      () => ({
        due: defineWorkflow({
          id: "due",
          input,
          async run(_input, step) {
            await step.sleepUntil("past", new Date(step.now().getTime() - MINUTE));
            await step.sleepUntil("now", step.now());
            return "done";
          },
        }),
      }),
      async (h, w) => {
        const { runId } = await h.start(w.due, { ref: "r" }, "k");
        await h.settle();
        expect(await h.run(runId)).toMatchObject({ state: "completed", output: "done" });
      },
    );
  });
});
