import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { saveRecipeVersion, setRecipeActive } from "../../src/store/automation-recipes.js";
import { recipeRunHistory } from "../../src/store/automation-runs.js";
import { listInboxItems } from "../../src/store/staff-inbox.js";
import { SHIPPED_RECIPES } from "../../src/automations/shipped-recipes.js";
import { at, BASE, createAppointment, createPatient, hours, updateAppointment } from "../workflows/helpers/scenario.js";
import { openStack, type Stack } from "./helpers/e2e-stack.js";

/**
 * The no-show follow-up end to end on the sandbox: the front desk marks an appointment no-show in
 * the sandbox EHR, sync sees it, the text goes through the twilio SDK to the fake Twilio, the
 * patient answers R with a signed webhook, and a reschedule request is in the staff inbox.
 */
describe("automation: the no-show follow-up on the sandbox", () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
  });

  it("texts the patient a no-show, and an R becomes a reschedule request in the staff inbox", async () => {
    stack = await openStack({ reminders: { touches: ["24h"], replyTouch: "24h" } });
    const s = stack.scenario;
    const noShow = SHIPPED_RECIPES["no-show-follow-up"];
    if (!noShow) throw new Error("minnow ships a no-show follow-up");
    await saveRecipeVersion(s.services.store, "no-show-follow-up", noShow, { by: "test", at: BASE, shipped: true });
    await setRecipeActive(s.services.store, "no-show-follow-up", true, BASE);
    const patient = await createPatient(s.fhir);
    const start = at(BASE, hours(26)); // Wednesday 11:00 in Chicago
    const appointmentRef = await createAppointment(s.fhir, patient.ref, start);
    await s.sync();
    s.setNow(at(BASE, hours(2)));
    await s.drain(); // Tuesday's reminder
    expect(stack.sentTo(patient.phone)).toHaveLength(1);

    s.setNow(at(start, hours(0.5)));
    await updateAppointment(s.fhir, appointmentRef, (a: Appointment) => ({ ...a, status: "noshow" }));
    await s.sync();

    const texts = stack.sentTo(patient.phone).map((m) => m.body);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(/We missed you today\. Reply R to rebook/);
    expect(await listInboxItems(s.services.store, { resolved: false })).toHaveLength(0);

    expect((await stack.reply(patient.phone, "R")).status).toBe(200);

    const inbox = await listInboxItems(s.services.store, { resolved: false });
    expect(inbox).toEqual([expect.objectContaining({ intent: "reschedule_request", phoneIdx: s.services.crypto.index.phone(patient.phone) })]);
    // The thanks answers the patient's own R, so the day's cap (already used by the follow-up) does not hold it back.
    expect(stack.sentTo(patient.phone).map((m) => m.body)[2]).toMatch(/Our team will call you/);
    expect(await recipeRunHistory(s.services.store, "no-show-follow-up")).toEqual([expect.objectContaining({ version: 1, subjectRef: appointmentRef, sends: 2, replyIntent: "reschedule", outcome: "completed" })]);
    await s.sync(); // seeing the no-show again starts nothing more
    expect(await recipeRunHistory(s.services.store, "no-show-follow-up")).toHaveLength(1);
    expect(stack.sentTo(patient.phone)).toHaveLength(3);
  });
});
