import type { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { StartOptions, WorkflowDefinition } from "../../src/engine/port.js";
import { REROUTE_AFTER_MS } from "../../src/messaging/inbound/handle-inbound.js";
import { inboundRouter, recoverUnroutedInbound } from "../../src/messaging/inbound/inbound-router.js";
import { at, BASE, createFamily, hours, syncedBooking, type Scenario } from "./helpers/scenario.js";
import { signedInboundPerTest, textFrom } from "./helpers/signed-inbound.js";
import { listeningRuns, recipeTextsTo, runCounts, saveTriggerRecipes } from "./helpers/trigger-recipes.js";

/**
 * A STOP or START is a consent change for each patient it turned, even when the process dies part
 * way: the message, recorded but not marked routed, is routed again after the restart, and the
 * consent runs that had not started start then, once. What already started never starts twice.
 */
let s: Scenario | undefined;
let app: Hono;
const openInbound = signedInboundPerTest();

async function open(): Promise<Scenario> {
  const opened = await openInbound();
  app = opened.app;
  await saveTriggerRecipes(opened.scenario.services, { on: "consent.changed" }, { on: "reply.received", intent: "unknown" });
  return opened.scenario;
}

const text = (scenario: Scenario, from: string, body: string): Promise<string> => textFrom(scenario, app, from, body);

/** The engine refuses the n-th automation run it is asked to start (1-based), as a process dying there would. */
function refuseAutomationStart(scenario: Scenario, n: number): void {
  const { engine } = scenario;
  const start = engine.start.bind(engine);
  let asked = 0;
  engine.start = <I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions) => {
    if (workflow.id === "automation-run" && ++asked === n) return Promise.reject(new Error("engine unavailable"));
    return start(workflow, input, opts);
  };
}

/** A minute later, as after a restart: what was recorded but not routed is routed again. Returns how many. */
async function rerouteUnrouted(scenario: Scenario): Promise<number> {
  scenario.setNow(at(scenario.services.clock.now(), REROUTE_AFTER_MS));
  const queued = await recoverUnroutedInbound(scenario.services);
  await inboundRouter(scenario.services).idle();
  await scenario.drain();
  return queued;
}

async function intentOf(scenario: Scenario, sid: string): Promise<string | null> {
  const row = await scenario.services.store.db.selectFrom("inbound_messages").select("intent").where("provider_sid", "=", sid).executeTakeFirstOrThrow();
  return row.intent;
}

describe("consent.changed when routing a STOP or START is cut short", () => {
  it("a family's STOP whose second consent run could not start is routed again and starts just that one; routing again starts nothing", async () => {
    s = await open();
    const phone = "+13125550191";
    const refs = await createFamily(s.fhir, phone, [at(BASE, hours(48)), at(BASE, hours(49))]);
    await s.sync();
    refuseAutomationStart(s, 2);

    const stop = await text(s, phone, "STOP");
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(await intentOf(s, stop)).toBeNull();

    expect(await rerouteUnrouted(s)).toBe(1);
    expect((await listeningRuns(s.services)).map((r) => r.subjectRef).sort()).toEqual([...refs].sort());
    expect(await intentOf(s, stop)).toBe("opt_out");
    expect(await rerouteUnrouted(s)).toBe(0);
    expect(await runCounts(s.services)).toEqual({ listening: 2, inactive: 0, neighbour: 0 });
    expect(recipeTextsTo(s.sms.sent, phone)).toEqual(["other"]); // one opt-out confirmation, whatever the replays
  });

  it("a START whose consent run could not start is routed again and starts it once", async () => {
    s = await open();
    const patient = await syncedBooking(s);
    await text(s, patient.phone, "STOP");
    s.setNow(at(BASE, 120_000));
    refuseAutomationStart(s, 1);

    const start = await text(s, patient.phone, "START");
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });

    expect(await rerouteUnrouted(s)).toBe(1);
    expect(await intentOf(s, start)).toBe("opt_in");
    expect(await rerouteUnrouted(s)).toBe(0);
    expect(await runCounts(s.services)).toEqual({ listening: 2, inactive: 0, neighbour: 0 });
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["other", "other", "listening"]);
  });

  it("a STOP routed again after its consent run started (the process died before marking it routed) starts nothing more", async () => {
    s = await open();
    const patient = await syncedBooking(s);
    const stop = await text(s, patient.phone, "STOP");
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    await s.services.store.db.updateTable("inbound_messages").set({ intent: null }).where("provider_sid", "=", stop).execute();

    expect(await rerouteUnrouted(s)).toBe(1);
    expect(await intentOf(s, stop)).toBe("opt_out");
    expect(await runCounts(s.services)).toEqual({ listening: 1, inactive: 0, neighbour: 0 });
    expect(recipeTextsTo(s.sms.sent, patient.phone)).toEqual(["other"]);
  });
});
