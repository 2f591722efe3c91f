import { afterEach, describe, expect, it } from "vitest";
import { RecipeSchema, type Recipe } from "../../src/automations/recipe.js";
import { simulateRecipe } from "../../src/automations/simulate.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../workflows/helpers/scenario.js";

/**
 * The dry run over the sandbox EHR's real schedule: the same policy decides as for a real send,
 * times are the patient's local ones, and nothing is sent or written.
 */
const lateEvening = (overrides: Partial<Recipe> = {}): Recipe =>
  RecipeSchema.parse({
    name: "Evening-before note",
    trigger: { on: "appointment.booked" },
    steps: [
      { id: "wait-1", kind: "wait", duration: "13h", from: "appointment.start", direction: "before" },
      { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: see you tomorrow. Reply STOP to opt out.", es: "{{practice.name}}: le esperamos mañana. Responda STOP para no recibir más." } },
    ],
    ...overrides,
  });

async function countRows(s: Scenario, table: "outbound_messages" | "audit_log" | "automation_runs" | "events"): Promise<number> {
  const row = await s.services.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("simulateRecipe", () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });

  it("reports quiet-hour deferrals at each patient's local time, and sends nothing", async () => {
    s = await openScenario({ reminders: { touches: ["2h"] } });
    const florida = await createPatient(s.fhir, { areaCode: "305", state: "FL" });
    const illinois = await createPatient(s.fhir, { areaCode: "312", state: "IL", language: "es" });
    // Wednesday 11:00 in Miami and 10:00 in Chicago; 13 hours before is 22:00 and 21:00 the evening before.
    const start = at(BASE, hours(25));
    await createAppointment(s.fhir, florida.ref, start);
    await createAppointment(s.fhir, illinois.ref, start);
    await s.sync();
    const before = await Promise.all((["outbound_messages", "audit_log", "automation_runs", "events"] as const).map((t) => countRows(s as Scenario, t)));

    const rows = await simulateRecipe(s.services, lateEvening(), { days: 7 });

    expect(rows).toHaveLength(2);
    const fl = rows.find((r) => r.who === `phone ending ${florida.phone.slice(-4)}`);
    const il = rows.find((r) => r.who === `phone ending ${illinois.phone.slice(-4)}`);
    expect(fl).toMatchObject({ stepId: "send-1", variant: "en", outcome: "deferred", at: new Date("2026-12-02T03:00:00Z"), reason: "deferred: quiet hours in Florida until Wed, Dec 2, 8:00 AM" });
    expect(il).toMatchObject({ stepId: "send-1", variant: "es", outcome: "deferred", at: new Date("2026-12-02T03:00:00Z"), reason: "deferred: quiet hours in Illinois until Wed, Dec 2, 8:00 AM" });
    expect(rows.map((r) => r.who).join(" ")).not.toContain(florida.phone);
    expect(s.sms.sent).toHaveLength(0);
    const after = await Promise.all((["outbound_messages", "audit_log", "automation_runs", "events"] as const).map((t) => countRows(s as Scenario, t)));
    expect(after).toEqual(before);
  });

  it("skips, in words, a text the patient has no consent for", async () => {
    s = await openScenario(); // no sync: the consent the EHR holds was never imported
    const patient = await createPatient(s.fhir, { areaCode: "312", state: "IL" });
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(30)));
    const noon = RecipeSchema.parse({ name: "Noon note", trigger: { on: "appointment.booked" }, steps: [{ id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: hello. Reply STOP to opt out." } }] });

    const rows = await simulateRecipe(s.services, noon, { days: 3 });

    expect(rows).toEqual([expect.objectContaining({ stepId: "send-1", outcome: "skipped", at: BASE, reason: "skipped: no text consent on file" })]);
  });

  it("skips, in words, the appointments its conditions leave out, and rejects a bad number of days", async () => {
    s = await openScenario();
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, at(BASE, hours(30)), { location: "loc-north" });
    await s.sync();
    const elsewhere = lateEvening({ conditions: { locations: ["south"] } });

    expect(await simulateRecipe(s.services, elsewhere, { days: 7 })).toEqual([expect.objectContaining({ outcome: "skipped", reason: "skipped: the appointment is at another location" })]);
    await expect(simulateRecipe(s.services, elsewhere, { days: 0 })).rejects.toThrow(/1 to 90 whole days/);
    await expect(simulateRecipe(s.services, elsewhere, { days: 2.5 })).rejects.toThrow(/whole days/);
  });
});
