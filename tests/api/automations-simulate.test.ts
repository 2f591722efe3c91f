import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveRecipe } from "../../src/automations/recipe-service.js";
import { RecipeSchema } from "../../src/automations/recipe.js";
import { createMainApp } from "../../src/server/main-app.js";
import { at, BASE, createAppointment, createPatient, hours, openScenario, type Scenario } from "../workflows/helpers/scenario.js";
import { MASTER_KEY } from "./helpers.js";

let s: Scenario;
let phone: string;
beforeAll(async () => {
  s = await openScenario({ reminders: { touches: ["2h"] } });
  const patient = await createPatient(s.fhir, { areaCode: "305", state: "FL" });
  phone = patient.phone;
  await createAppointment(s.fhir, patient.ref, at(BASE, hours(25)));
  await s.sync();
  const recipe = RecipeSchema.parse({
    name: "Evening-before note",
    trigger: { on: "appointment.booked" },
    steps: [
      { id: "wait-1", kind: "wait", duration: "13h", from: "appointment.start", direction: "before" },
      { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: see you tomorrow. Reply STOP to opt out." } },
    ],
  });
  await saveRecipe(s.services, "evening-note", recipe, "staff:mgr-1");
});
afterAll(() => s.dispose());

const call = (path: string) => createMainApp(s.services, { api: {} }).request(path, { method: "POST", headers: { "x-api-key": MASTER_KEY } });

describe("POST /api/automations/{id}/simulate", () => {
  it("answers the dry run's rows for the next days, masked, with the quiet-hour deferral in the patient's local time, and sends nothing", async () => {
    const res = await call("/api/automations/evening-note/simulate?days=7");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: number; days: number; rows: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ version: 1, days: 7 });
    expect(body.rows).toEqual([{ who: `phone ending ${phone.slice(-4)}`, stepId: "send-1", variant: "en", outcome: "deferred", at: "2026-12-02T03:00:00.000Z", reason: expect.stringContaining("quiet hours in Florida until"), cause: "deferred: quiet hours in Florida" }]);
    expect(JSON.stringify(body)).not.toContain(phone);
    expect(s.sms.sent).toHaveLength(0);
  });

  it("refuses days out of range with 422, and an unknown recipe with 404", async () => {
    expect((await call("/api/automations/evening-note/simulate?days=0")).status).toBe(422);
    expect((await call("/api/automations/evening-note/simulate?days=500")).status).toBe(422);
    expect((await call("/api/automations/nobody/simulate")).status).toBe(404);
  });
});
