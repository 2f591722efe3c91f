import { describe, expect, it } from "vitest";
import { z } from "zod";
import { withEffect } from "../../../src/engine/effects.js";
import { defineWorkflow } from "../../../src/engine/port.js";
import { engines } from "./engines.js";
import { MINUTE, at, scenario } from "./harness.js";

describe.each(engines)("conformance: cron ($name)", (engine) => {
  it("starts one run per due tick, and none between ticks", async () => {
    await scenario(
      engine,
      ({ store, calls }) => ({
        sweep: defineWorkflow({
          id: "sweep",
          input: z.object({}),
          schedule: { cron: "*/15 * * * *" },
          async run(_input, step) {
            const tick = step.now().toISOString();
            await withEffect(store, `sweep:${tick}`, async () => calls.bump("sweep"));
            return { tick };
          },
        }),
      }),
      async (h) => {
        await h.tickCron(at(15 * MINUTE));
        expect(await h.runs("sweep")).toEqual([expect.objectContaining({ state: "completed", output: { tick: at(15 * MINUTE).toISOString() } })]);
        await h.tickCron(at(15 * MINUTE)); // the same tick again: no second run
        await h.tickCron(at(20 * MINUTE)); // between ticks: the latest due tick already ran
        expect(await h.runs("sweep")).toHaveLength(1);
        await h.tickCron(at(30 * MINUTE));
        const runs = await h.runs("sweep");
        expect(runs).toHaveLength(2);
        expect(runs.every((r) => r.state === "completed")).toBe(true);
      },
    );
  });
});
