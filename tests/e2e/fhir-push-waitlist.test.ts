import { afterEach, describe, expect, it } from "vitest";
import { FHIR_SUBSCRIPTION_PATH } from "../../src/server/routes/fhir-subscription-webhook.js";
import { restHookBundle, SUBSCRIPTION_TOKEN } from "../server/helpers/fhir-notifications.js";
import { at, BASE, createAppointment, createPatient, createWaitlistEntry, hours, updateAppointment } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
});

const syncKeys = async (stack: Stack) => (await stack.scenario.engine.listRuns({ workflowId: "sync" })).map((r) => r.key).sort();

describe("e2e: EHR push → waitlist offer", () => {
  it("a burst of rest-hook notifications for a cancellation sends the waitlist offers with no scheduled sync", async () => {
    stack = await openStack({ reminders: { touches: ["24h"], replyTouch: "24h" }, waitlist: { batchSize: 3, holdMinutes: 15 } });
    const { scenario: s } = stack;
    s.services.env = { ...s.services.env, FHIR_SUBSCRIPTION_TOKEN: SUBSCRIPTION_TOKEN };
    const owner = await createPatient(s.fhir);
    const cancelled = await createAppointment(s.fhir, owner.ref, at(BASE, hours(50)));
    const first = await createPatient(s.fhir);
    const second = await createPatient(s.fhir);
    await createWaitlistEntry(stack.scenario.fhir, first.ref, "2026-11-01T00:00:00Z");
    await createWaitlistEntry(stack.scenario.fhir, second.ref, "2026-11-02T00:00:00Z");
    await s.sync(); // minnow learns the schedule; nothing is sent yet
    expect(stack.sentTo()).toHaveLength(0);

    await updateAppointment(s.fhir, cancelled, (a) => ({ ...a, status: "cancelled" }));
    const notify = () =>
      fetch(`${stack?.serverUrl}${FHIR_SUBSCRIPTION_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/fhir+json", authorization: `Bearer ${SUBSCRIPTION_TOKEN}` },
        body: JSON.stringify(restHookBundle([cancelled], s.ehr.baseUrl)),
      });
    const responses = await Promise.all([notify(), notify(), notify(), notify(), notify()]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    // One sync now, one follow-up due at the minute's end; no cron run.
    expect(await syncKeys(stack)).toEqual(["fhir-push:2026-12-01T15:00", "fhir-push:2026-12-01T15:00:after", "test-sync:1"]);

    await s.drain();
    expect(stack.sentTo(first.phone)).toHaveLength(1);
    expect(stack.sentTo(second.phone)).toHaveLength(1);
    expect(stack.sentTo(owner.phone)).toHaveLength(0);

    s.setNow(at(BASE, 61_000)); // the follow-up runs and finds nothing new to offer
    await s.drain();
    const runs = await s.engine.listRuns({ workflowId: "sync" });
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
    expect(stack.sentTo()).toHaveLength(2);
  });
});
