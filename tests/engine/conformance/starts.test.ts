import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { engines } from "./engines.js";
import { HOUR, at, scenario, type ScenarioEnv } from "./harness.js";

const input = z.object({ ref: ref() });

const counted = ({ calls }: ScenarioEnv) => {
  const child = defineWorkflow({
    id: "child",
    input,
    async run({ ref: r }, step) {
      return step.run("work", () => calls.bump(`child:${r}`));
    },
  });
  const parent = defineWorkflow({
    id: "parent",
    input,
    async run({ ref: r }, step) {
      // Every parent starts the same child key, an hour from now.
      return step.start(child, { ref: "shared" }, { key: "child-shared", at: new Date(step.now().getTime() + HOUR) }).then((s) => ({ parent: r, ...s }));
    },
  });
  return { child, parent };
};

describe.each(engines)("conformance: starts ($name)", (engine) => {
  it("starts one run per key: a second start with the key returns the first run", async () => {
    await scenario(engine, counted, async (h, w, { calls }) => {
      const first = await h.start(w.child, { ref: "x" }, "same-key");
      const again = await h.start(w.child, { ref: "x" }, "same-key");
      const other = await h.start(w.child, { ref: "y" }, "other-key");
      expect(first.started).toBe(true);
      expect(again).toEqual({ runId: first.runId, started: false });
      expect(other.started).toBe(true);
      expect(other.runId).not.toBe(first.runId);
      await h.settle();
      expect(await h.runs("child")).toHaveLength(2);
      expect([calls.count("child:x"), calls.count("child:y")]).toEqual([1, 1]);
    });
  });

  it("holds a delayed start until its instant", async () => {
    await scenario(engine, counted, async (h, w, { calls }) => {
      const { runId } = await h.start(w.child, { ref: "later" }, "later", at(2 * HOUR));
      await h.settle();
      await h.advanceTo(at(2 * HOUR - 1));
      expect(await h.run(runId)).toMatchObject({ state: "pending" });
      expect(calls.count("child:later")).toBe(0);
      await h.advanceTo(at(2 * HOUR));
      expect(await h.run(runId)).toMatchObject({ state: "completed", output: 1 });
    });
  });

  it("step.start from two runs with one key starts one delayed child, which runs once", async () => {
    await scenario(engine, counted, async (h, w, { calls }) => {
      const p1 = await h.start(w.parent, { ref: "p1" }, "p1");
      const p2 = await h.start(w.parent, { ref: "p2" }, "p2");
      await h.settle();
      const out1 = (await h.run(p1.runId))?.output as { runId: string; started: boolean } | undefined;
      const out2 = (await h.run(p2.runId))?.output as { runId: string; started: boolean } | undefined;
      expect(out1?.started).toBe(true);
      expect(out2).toEqual({ parent: "p2", runId: out1?.runId, started: false });
      expect(await h.runs("child")).toEqual([expect.objectContaining({ state: "pending" })]);
      await h.advanceTo(at(HOUR));
      expect(await h.runs("child")).toEqual([expect.objectContaining({ id: out1?.runId, state: "completed" })]);
      expect(calls.count("child:shared")).toBe(1);
    });
  });

  it("refuses input that is not references only, before anything starts", async () => {
    await scenario(engine, counted, async (h, w) => {
      await expect(h.start(w.child, { ref: "Jane Doe" }, "k")).rejects.toThrow(/invalid.*references only/);
      expect(await h.runs("child")).toHaveLength(0);
    });
  });
});
