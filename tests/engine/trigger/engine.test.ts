import { parsePacket } from "@trigger.dev/core/v3";
import { wait } from "@trigger.dev/sdk";
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref } from "../../../src/engine/port.js";
import { createTriggerEngine } from "../../../src/engine/trigger/engine.js";
import { triggerDb } from "../../../src/engine/trigger/tables.js";
import { openStore, type Store } from "../../../src/store/db.js";
import { setLogLevel } from "../../../src/log.js";
import { openTestStore, type TestStore } from "../../helpers/test-store.js";
import { HOUR, ManualClock, T0, at } from "../conformance/harness.js";
import { openTriggerRig, type TriggerRig } from "./rig.js";

const input = z.object({ ref: ref() });
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
  setLogLevel("info");
});

async function rigWith(...workflows: Parameters<typeof openTriggerRig>[2]): Promise<{ store: TestStore; rig: TriggerRig; clock: ManualClock }> {
  const store = await openTestStore();
  closers.push(() => store.dispose());
  setLogLevel("silent");
  const clock = new ManualClock(T0);
  const rig = await openTriggerRig(store, clock, workflows);
  closers.push(() => rig.close());
  return { store, rig, clock };
}

const waiter = defineWorkflow({
  id: "race-waiter",
  input,
  async run({ ref: r }, step) {
    return { reply: await step.waitForSignal("reply", { key: `reply:${r}`, until: at(HOUR) }) };
  },
});

/** Makes a token row appear (through a second connection) right after the engine's first look finds none. */
class TokenAppearsAfterFirstLook implements KyselyPlugin {
  private readonly tokenLooks = new Set<unknown>();
  private fired = false;
  constructor(private readonly appear: () => Promise<void>) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === "SelectQueryNode" && JSON.stringify(args.node).includes('"trigger_tokens"')) this.tokenLooks.add(args.queryId);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.fired && this.tokenLooks.has(args.queryId) && args.result.rows.length === 0) {
      this.fired = true;
      await this.appear();
    }
    return args.result;
  }
}

describe("Trigger.dev engine: signals racing waits", () => {
  it("a signal arriving while the wait creates its token is taken by the wait, which does not suspend", async () => {
    const { rig, store } = await rigWith(waiter);
    let signalled: boolean | undefined;
    rig.platform.state.beforeResponse = async (request) => {
      if (request.endpoint === "createToken") signalled = await rig.engine.signal("reply:r1", { word: "RACE" });
    };
    const { runId } = await rig.engine.start(waiter, { ref: "r1" }, { key: "k1" });
    await rig.platform.settle();
    expect(signalled).toBe(false); // no token was stored yet, so the signal was buffered
    expect(rig.platform.state.runs.get(runId)).toMatchObject({ status: "completed", output: { reply: { word: "RACE" } } });
    expect(rig.platform.state.requests.map((r) => r.endpoint)).not.toContain("waitToken");
    expect(await triggerDb(store).selectFrom("trigger_tokens").selectAll().execute()).toEqual([]);
  });

  it("a signal that buffers just as a wait stores its token delivers to the token itself", async () => {
    const { rig, store } = await rigWith(waiter);
    const token = await wait.createToken({ idempotencyKey: "someone-waits", timeout: at(HOUR) });
    const second: Store = await openStore({ dataDir: store.dataDir });
    closers.push(() => second.close());
    const appear = async () => {
      await triggerDb(second).insertInto("trigger_tokens").values({ signal_key: "reply:r2", token_id: token.id, run_id: "run_other", created_at: T0 }).execute();
    };
    const engine = createTriggerEngine({ store: { db: store.db.withPlugin(new TokenAppearsAfterFirstLook(appear)) } });
    expect(await engine.signal("reply:r2", { word: "LATE-TOKEN" })).toBe(true);
    expect(rig.platform.state.requests.filter((r) => r.endpoint === "completeToken")).toEqual([
      { endpoint: "completeToken", params: { wp: token.id }, body: { data: { word: "LATE-TOKEN" } } },
    ]);
    const buffered = await triggerDb(store).selectFrom("trigger_signals").select(["consumed_by"]).where("signal_key", "=", "reply:r2").executeTakeFirst();
    expect(buffered).toEqual({ consumed_by: `token:${token.id}` });
  });

  it("a later signal on a buffered key replaces the earlier payload until a wait takes it", async () => {
    const { rig } = await rigWith(waiter);
    expect(await rig.engine.signal("reply:r3", { word: "FIRST" })).toBe(false);
    expect(await rig.engine.signal("reply:r3", { word: "SECOND" })).toBe(false);
    const { runId } = await rig.engine.start(waiter, { ref: "r3" }, { key: "k3" });
    await rig.platform.settle();
    expect(rig.platform.state.runs.get(runId)).toMatchObject({ status: "completed", output: { reply: { word: "SECOND" } } });
  });
});

describe("Trigger.dev engine: starts and sleeps on the wire", () => {
  it("triggers with a global, hashed idempotency key, the delay as an instant, and the input as the payload", async () => {
    const { rig } = await rigWith(waiter);
    await rig.engine.start(waiter, { ref: "Appointment/7" }, { key: "remind:Appointment/7", at: at(HOUR) });
    const [request] = rig.platform.state.requests;
    const body = request?.body as { payload: string; options: { payloadType: string; idempotencyKey: string; idempotencyKeyOptions: unknown; delay: string } };
    expect(request?.params).toEqual({ taskId: "race-waiter" });
    expect(body.options.delay).toBe(at(HOUR).toISOString());
    expect(body.options.idempotencyKey).toMatch(/^[0-9a-f]{64}$/);
    expect(body.options.idempotencyKeyOptions).toEqual({ key: JSON.stringify(["race-waiter", "remind:Appointment/7"]), scope: "global" });
    expect(await parsePacket({ data: body.payload, dataType: body.options.payloadType })).toEqual({ ref: "Appointment/7" });
  });

  it("sleeps through a duration waitpoint keyed by run and step", async () => {
    const sleeper = defineWorkflow({
      id: "wire-sleeper",
      input,
      async run(_i, step) {
        await step.sleepUntil("nap", at(HOUR));
      },
    });
    const { rig } = await rigWith(sleeper);
    const { runId } = await rig.engine.start(sleeper, { ref: "r" }, { key: "k" });
    await rig.platform.settle();
    expect(rig.platform.state.requests.filter((r) => r.endpoint === "waitDuration")).toEqual([
      { endpoint: "waitDuration", params: { runId }, body: { date: at(HOUR).toISOString(), idempotencyKey: `${runId}:sleep:nap` } },
    ]);
  });
});

describe("Trigger.dev engine: bad input", () => {
  it.each([
    { name: "an empty signal key", call: (e: TriggerRig["engine"]) => e.signal("", 1), error: /signal key/ },
    { name: "an overlong signal key", call: (e: TriggerRig["engine"]) => e.signal("k".repeat(401), 1), error: /signal key/ },
    { name: "a payload that is not JSON", call: (e: TriggerRig["engine"]) => e.signal("k", { n: 1n }), error: /cannot be stored as JSON/ },
    { name: "an empty start key", call: (e: TriggerRig["engine"]) => e.start(waiter, { ref: "r" }, { key: "" }), error: /start key/ },
    { name: "an invalid start time", call: (e: TriggerRig["engine"]) => e.start(waiter, { ref: "r" }, { key: "k", at: new Date(NaN) }), error: /not a valid Date/ },
    { name: "PHI in the input", call: (e: TriggerRig["engine"]) => e.start(waiter, { ref: "+1 312 555 0100" }, { key: "k" }), error: /references only/ },
  ])("refuses $name without calling Trigger.dev", async ({ call, error }) => {
    const { rig } = await rigWith(waiter);
    await expect(call(rig.engine)).rejects.toThrow(error);
    expect(rig.platform.state.requests).toEqual([]);
  });

  it("fails the run, naming the step, when a wait's deadline is not a Date", async () => {
    const broken = defineWorkflow({
      id: "bad-until",
      input,
      retry: { maxAttempts: 1 },
      async run(_i, step) {
        return step.waitForSignal("reply", { key: "k", until: new Date("not a date") });
      },
    });
    const { rig } = await rigWith(broken);
    const { runId } = await rig.engine.start(broken, { ref: "r" }, { key: "k" });
    await rig.platform.settle();
    expect(rig.platform.state.runs.get(runId)).toMatchObject({ status: "failed", error: expect.stringContaining('waitForSignal("reply") needs a valid Date') });
  });
});
