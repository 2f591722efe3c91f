import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { engines } from "./engines.js";
import { HOUR, MINUTE, at, scenario, type ScenarioEnv } from "./harness.js";

const input = z.object({ ref: ref() });

/** Waits up to an hour for `reply:<ref>`, then records what it got in a step after the wait. */
const waiter = ({ calls }: ScenarioEnv) => ({
  waiter: defineWorkflow({
    id: "waiter",
    input,
    async run({ ref: key }, step) {
      const reply = await step.waitForSignal<{ word: string }>("reply", { key: `reply:${key}`, until: at(HOUR) });
      await step.run("after", () => calls.bump("after"));
      return { reply };
    },
  }),
});

describe.each(engines)("conformance: signals ($name)", (engine) => {
  it("delivers a signal sent after the wait began, and only then continues", async () => {
    await scenario(engine, waiter, async (h, w, { calls }) => {
      const { runId } = await h.start(w.waiter, { ref: "r1" }, "k1");
      await h.settle();
      expect(await h.run(runId)).toMatchObject({ state: "suspended" });
      expect(calls.count("after")).toBe(0);
      expect(await h.signal("reply:r1", { word: "YES" })).toBe(true);
      await h.settle();
      expect(await h.run(runId)).toMatchObject({ state: "completed", output: { reply: { word: "YES" } } });
      expect(calls.count("after")).toBe(1);
    });
  });

  it("keeps a signal sent before the wait began, and the wait takes it without suspending", async () => {
    await scenario(engine, waiter, async (h, w) => {
      expect(await h.signal("reply:r2", { word: "STOP" })).toBe(false); // nothing waits yet
      const { runId } = await h.start(w.waiter, { ref: "r2" }, "k2");
      await h.settle();
      expect(await h.run(runId)).toMatchObject({ state: "completed", output: { reply: { word: "STOP" } } });
    });
  });

  it("delivers a signal only to a wait on its own key", async () => {
    await scenario(engine, waiter, async (h, w) => {
      const a = await h.start(w.waiter, { ref: "a" }, "ka");
      const b = await h.start(w.waiter, { ref: "b" }, "kb");
      await h.settle();
      await h.signal("reply:b", { word: "B" });
      await h.settle();
      expect(await h.run(a.runId)).toMatchObject({ state: "suspended" });
      expect(await h.run(b.runId)).toMatchObject({ state: "completed", output: { reply: { word: "B" } } });
    });
  });

  it("returns null when the wait times out, not before, and a late signal wakes nothing", async () => {
    await scenario(engine, waiter, async (h, w, { calls }) => {
      const { runId } = await h.start(w.waiter, { ref: "r3" }, "k3");
      await h.settle();
      await h.advanceTo(at(HOUR - 1));
      expect(await h.run(runId)).toMatchObject({ state: "suspended" });
      await h.advanceTo(at(HOUR));
      expect(await h.run(runId)).toMatchObject({ state: "completed", output: { reply: null } });
      expect(calls.count("after")).toBe(1);
      await h.advanceTo(at(HOUR + MINUTE));
      expect(await h.signal("reply:r3", { word: "LATE" })).toBe(false);
    });
  });

  it("does not wait at all when the deadline has already passed and no signal is there", async () => {
    await scenario(
      engine,
      () => ({
        expired: defineWorkflow({
          id: "expired",
          input,
          async run({ ref: key }, step) {
            return { reply: await step.waitForSignal("reply", { key: `reply:${key}`, until: new Date(step.now().getTime() - 1) }) };
          },
        }),
      }),
      async (h, w) => {
        const { runId } = await h.start(w.expired, { ref: "r4" }, "k4");
        await h.settle();
        expect(await h.run(runId)).toMatchObject({ state: "completed", output: { reply: null } });
      },
    );
  });
});
