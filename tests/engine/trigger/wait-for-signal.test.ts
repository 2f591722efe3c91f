import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { triggerDb } from "../../../src/engine/trigger/tables.js";
import { setLogLevel } from "../../../src/log.js";
import { openTestStore, type TestStore } from "../../helpers/test-store.js";
import { HOUR, ManualClock, T0, at } from "../conformance/harness.js";
import { openTriggerRig, type TriggerRig } from "./rig.js";

const input = z.object({ ref: ref() });
let store: TestStore | undefined;
let rig: TriggerRig | undefined;
afterEach(async () => {
  rig?.close();
  await store?.dispose();
  setLogLevel("info");
});

async function rigWith(...workflows: Parameters<typeof openTriggerRig>[2]) {
  store = await openTestStore();
  setLogLevel("silent");
  const clock = new ManualClock(T0);
  rig = await openTriggerRig(store, clock, workflows);
  return { store, rig, clock, db: triggerDb(store) };
}

/** Waits for a reply, then fails the first attempt after the wait, so a retry must recover the reply. */
const flakyWaiter = () => {
  let attempts = 0;
  return defineWorkflow({
    id: "flaky-waiter",
    input,
    retry: { maxAttempts: 2, minDelayMs: 1_000 },
    async run({ ref: r }, step) {
      const reply = await step.waitForSignal("reply", { key: `reply:${r}`, until: at(HOUR) });
      if (++attempts === 1) throw new Error("crashed after the wait");
      return { reply };
    },
  });
};

describe("waitForSignal on Trigger.dev", () => {
  it("creates one token keyed by run and step, timing out at `until`, stores it under the signal key, and completes it on signal", async () => {
    const wf = flakyWaiter();
    const { rig, db } = await rigWith(wf);
    const { runId } = await rig.engine.start(wf, { ref: "r1" }, { key: "k1" });
    await rig.platform.settle();
    const created = rig.platform.state.requests.filter((r) => r.endpoint === "createToken");
    expect(created).toEqual([{ endpoint: "createToken", params: {}, body: { idempotencyKey: `${runId}:wait:reply`, timeout: at(HOUR).toISOString() } }]);
    const stored = await db.selectFrom("trigger_tokens").selectAll().execute();
    expect(stored).toEqual([expect.objectContaining({ signal_key: "reply:r1", run_id: runId })]);

    expect(await rig.engine.signal("reply:r1", { word: "YES" })).toBe(true);
    const completed = rig.platform.state.requests.filter((r) => r.endpoint === "completeToken");
    expect(completed).toEqual([{ endpoint: "completeToken", params: { wp: stored[0]?.token_id }, body: { data: { word: "YES" } } }]);
    expect(await db.selectFrom("trigger_tokens").selectAll().execute()).toEqual([]);
  });

  it("a retry after the wait gets the same token back, already completed, and the same reply without waiting again", async () => {
    const wf = flakyWaiter();
    const { rig, clock } = await rigWith(wf);
    const { runId } = await rig.engine.start(wf, { ref: "r2" }, { key: "k2" });
    await rig.platform.settle();
    await rig.engine.signal("reply:r2", { word: "C" });
    await rig.platform.settle(); // attempt 1 resumes, takes the reply, crashes
    expect(rig.platform.state.runs.get(runId)).toMatchObject({ status: "queued", failures: 1 });
    rig.platform.state.requests.length = 0;
    clock.set(at(1_000));
    await rig.platform.settle();
    expect(rig.platform.state.runs.get(runId)).toMatchObject({ status: "completed", output: { reply: { word: "C" } }, attempts: 2 });
    expect(rig.platform.state.requests.map((r) => r.endpoint)).toEqual(["createToken", "waitToken"]);
  });

  it("a retry after taking a buffered signal gets the same signal again", async () => {
    const wf = flakyWaiter();
    const { rig, clock } = await rigWith(wf);
    await rig.engine.signal("reply:r3", { word: "EARLY" });
    const { runId } = await rig.engine.start(wf, { ref: "r3" }, { key: "k3" });
    await rig.platform.settle();
    clock.set(at(1_000));
    await rig.platform.settle();
    expect(rig.platform.state.runs.get(runId)).toMatchObject({ status: "completed", output: { reply: { word: "EARLY" } }, attempts: 2 });
    expect(rig.platform.state.requests.filter((r) => r.endpoint === "createToken")).toEqual([]);
  });
});
