import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { EVENT_TYPE_NAMES } from "../../src/events/event-types.js";
import { startHookWorker } from "../../src/hooks/worker.js";
import { subscribeHook } from "../../src/hooks/subscriptions.js";
import { setLogLevel } from "../../src/log.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";
import { startHookSubscriber, type HookSubscriber } from "./helpers/hook-subscriber.js";
import { ALWAYS_PHI, CANARIES, CANARY_CONFIG, leaks, runCanaryVisit } from "./helpers/phi-canary.js";

let stack: Stack | undefined;
let subscriber: HookSubscriber | undefined;
afterEach(async () => {
  setLogLevel("info");
  await stack?.dispose();
  await subscriber?.close();
  stack = undefined;
  subscriber = undefined;
});

describe("e2e: PHI canary", () => {
  it("no canary and no full phone reaches logs, engine payloads or an outside-BAA hook; no always-PHI canary reaches an SMS", async () => {
    setLogLevel("debug");
    subscriber = await startHookSubscriber();
    stack = await openStack({ ...CANARY_CONFIG, hooks: { allowPrivateTargets: true } });
    const { scenario: s } = stack;
    for (const event of EVENT_TYPE_NAMES) {
      const subscribed = await subscribeHook(s.services, { event, targetUrl: subscriber.url, actor: "e2e" });
      if (!subscribed.ok) throw new Error(subscribed.message);
      expect(subscribed.hook.destination).toBe("outside");
    }
    const { patientRef, appointmentRef, texts } = await runCanaryVisit(stack);
    expect(texts).toBeGreaterThanOrEqual(2);
    const appointment = await s.fhir.read<Appointment>("Appointment", appointmentRef.split("/")[1] ?? "");
    expect(appointment.participant?.find((p) => p.actor?.reference === patientRef)?.status).toBe("accepted");

    const worker = startHookWorker(s.services, { autoStart: false });
    const pass = await worker.runOnce();
    await worker.stop();
    expect(pass.delivered).toBeGreaterThanOrEqual(3); // message.sent twice, appointment.confirmed, reply.unrecognized...
    expect(subscriber.bodies.join("\n")).toContain("appointment.confirmed");

    const logLines = s.logs.map((r) => JSON.stringify(r));
    expect(logLines.length).toBeGreaterThan(10);
    const { db } = s.services.store;
    const runs = await db.selectFrom("workflow_runs").select(["input", "output"]).execute();
    const steps = await db.selectFrom("run_steps").select("result").execute();
    const signals = await db.selectFrom("signals").select("payload").execute();
    expect(runs.map((r) => r.input).join("\n")).toContain(appointmentRef);
    const enginePayloads = [...runs.flatMap((r) => [r.input, r.output ?? ""]), ...steps.map((r) => r.result ?? ""), ...signals.map((r) => r.payload ?? "")];

    expect(leaks([`x ${CANARIES.mrn.toLowerCase()} y`, "clean"], CANARIES)).toHaveLength(1); // the detector itself can fire
    expect(leaks(logLines, CANARIES)).toEqual([]);
    expect(leaks(enginePayloads, CANARIES)).toEqual([]);
    expect(leaks(subscriber.bodies, CANARIES)).toEqual([]);
    expect(leaks(stack.sentTo().map((m) => m.body), ALWAYS_PHI)).toEqual([]);
  });
});
