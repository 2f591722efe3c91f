import { afterEach, describe, expect, it } from "vitest";
import { checkRecipe, recipeHasErrors } from "../../src/automations/check-recipe.js";
import { createHook } from "../../src/store/hooks.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { CLEAN_TEXT, emitStep, recipeWith, sendStep } from "./recipe-fixtures.js";

let services: TestServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

const open = async (opts: Parameters<typeof openTestServices>[0] = {}) => (services = await openTestServices(opts));
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`, TWILIO_AUTH_TOKEN: "t".repeat(32) };
const TWILIO_BAA = { baa: { twilio: { signed: true, date: "2026-01-15", reference: "Twilio BAA, Security Edition" } } };
const ZAP_URL = "https://hooks.zapier.com/hooks/standard/1/abc/";

describe("checkRecipe: the texts", () => {
  it("passes a clean recipe with no findings at all", async () => {
    const s = await open();
    expect(await checkRecipe(s, recipeWith([sendStep("send-1", CLEAN_TEXT)]))).toEqual([]);
  });

  it("refuses {{appointment.reason}}, naming the step and the fix", async () => {
    const s = await open();
    const findings = await checkRecipe(s, recipeWith([sendStep("send-1", `{{practice.name}}: About your {{appointment.reason}} visit. Reply STOP to opt out.`)]));
    expect(recipeHasErrors(findings)).toBe(true);
    expect(findings).toEqual([
      expect.objectContaining({ stepId: "send-1", severity: "error", message: expect.stringMatching(/^Step "send-1" \(send a text\), English text: Remove \{\{appointment\.reason\}\}: it is always PHI/), fix: expect.stringContaining("Take the variable out") }),
    ]);
  });

  it("checks every language and the steps inside a reply branch and the timeout branch", async () => {
    const s = await open();
    const recipe = recipeWith([
      { id: "send-1", kind: "send", purpose: "follow-up", template: { en: CLEAN_TEXT, es: "{{practice.name}}: Su {{diagnosis}}. Responda STOP para no recibir mensajes." } },
      { id: "ask", kind: "wait_for_reply", within: "24h", branches: [{ intent: "reschedule", steps: [sendStep("answer", "{{practice.name}}: Call us at {{practice.phone}}, CANCEL to cancel.", "reply")] }], timeout: [sendStep("nudge", "{{practice.name}}: Still want to rebook? Call us.")] },
    ]);
    const errors = (await checkRecipe(s, recipe)).filter((f) => f.severity === "error");
    expect(errors.map((f) => [f.stepId, /Spanish text/.test(f.message)])).toEqual([["send-1", true], ["answer", false], ["nudge", false]]);
    expect(errors.find((f) => f.stepId === "answer")?.message).toMatch(/CANCEL/);
    // A text answering the patient's reply is no first message; the timeout's text is one, so it needs STOP.
    expect(errors.find((f) => f.stepId === "nudge")?.fix).toBe('End the text with "Reply STOP to opt out."');
  });

  it("warns, without blocking, that a first name reaches only patients who allowed details by text", async () => {
    const s = await open();
    const findings = await checkRecipe(s, recipeWith([sendStep("send-1", "{{practice.name}}: Hi {{patient.firstName}}, we missed you today. Reply STOP to opt out.")]));
    expect(recipeHasErrors(findings)).toBe(false);
    expect(findings).toEqual([expect.objectContaining({ stepId: "send-1", severity: "warning", message: expect.stringContaining("{{patient.firstName}} is sent only to patients who allowed details by text") })]);
  });

  it("refuses the survey link until practice.surveyUrl is set", async () => {
    const text = "{{practice.name}}: How was your visit? {{practice.surveyUrl}} Reply STOP to opt out.";
    const without = await checkRecipe(await open(), recipeWith([sendStep("survey", text, "survey")]));
    expect(without).toEqual([expect.objectContaining({ stepId: "survey", severity: "error", fix: "Set practice.surveyUrl in the practice config, or take {{practice.surveyUrl}} out of the text." })]);
    await services?.dispose();
    const withUrl = await checkRecipe(await open({ config: { practice: { surveyUrl: "https://survey.sunrise-clinic.example/visit" } } }), recipeWith([sendStep("survey", text, "survey")]));
    expect(withUrl).toEqual([]);
  });
});

describe("checkRecipe: the BAA boundary", () => {
  it("refuses an emit step with patient fields while a hook outside the BAA receives automation events", async () => {
    const s = await open();
    await createHook(s.store, s.crypto, { event: "automation.emitted", targetUrl: ZAP_URL, secret: "s".repeat(32) });
    const findings = await checkRecipe(s, recipeWith([emitStep("emit-1", ["patient.phone", "appointment.start"])]));
    expect(findings).toEqual([
      expect.objectContaining({ stepId: "emit-1", severity: "error", message: expect.stringMatching(/^Step "emit-1" \(emit an event\): contact, schedule would go to REST hook hooks\.zapier\.com .*without a BAA/), fix: expect.stringContaining("Remove the patient fields") }),
    ]);
    // References only are fine, wherever they go.
    expect(await checkRecipe(s, recipeWith([emitStep("emit-1", [])]))).toEqual([]);
  });

  it("lets the same emit step through to a hook the practice attests, and ignores hooks on other events", async () => {
    const s = await open({ config: { hooks: { attestedDestinations: [ZAP_URL] } } });
    await createHook(s.store, s.crypto, { event: "automation.emitted", targetUrl: ZAP_URL, secret: "s".repeat(32) });
    await createHook(s.store, s.crypto, { event: "automation.run_finished", targetUrl: "https://run-finished.example.com/hook", secret: "s".repeat(32) });
    await createHook(s.store, s.crypto, { event: "appointment.confirmed", targetUrl: "https://other.example.com/hook", secret: "s".repeat(32) });
    expect(await checkRecipe(s, recipeWith([emitStep("emit-1", ["patient.firstName"])]))).toEqual([]);
  });

  it("refuses a text to Twilio when the practice has not attested Twilio's BAA, and passes it once attested", async () => {
    const unsigned = await checkRecipe(await open({ env: TWILIO }), recipeWith([sendStep("send-1", CLEAN_TEXT)]));
    expect(unsigned).toEqual([expect.objectContaining({ stepId: "send-1", severity: "error", fix: expect.stringContaining("baa.twilio") })]);
    await services?.dispose();
    expect(await checkRecipe(await open({ env: TWILIO, config: TWILIO_BAA }), recipeWith([sendStep("send-1", CLEAN_TEXT)]))).toEqual([]);
  });
});

describe("checkRecipe: conditions on reason codes (always PHI)", () => {
  const reasonRecipe = (steps = [sendStep("send-1", CLEAN_TEXT)]) => recipeWith(steps, { conditions: { reasonCodes: ["Z71.41"] } });

  it("allows them while nothing leaves minnow (sandbox texts, embedded engine, no hooks)", async () => {
    expect(await checkRecipe(await open(), reasonRecipe())).toEqual([]);
  });

  it("allows them with texts through Twilio under a signed BAA", async () => {
    expect(await checkRecipe(await open({ env: TWILIO, config: TWILIO_BAA }), reasonRecipe())).toEqual([]);
  });

  it("refuses them when a hook outside the BAA would learn which patients' runs finished", async () => {
    const s = await open();
    await createHook(s.store, s.crypto, { event: "automation.run_finished", targetUrl: ZAP_URL, secret: "s".repeat(32) });
    const findings = await checkRecipe(s, reasonRecipe([{ id: "note", kind: "inbox", note: "Call the patient" }]));
    expect(findings).toEqual([expect.objectContaining({ stepId: null, severity: "error", message: expect.stringMatching(/^The reason-code condition: clinical would go to REST hook/), fix: expect.stringContaining("Remove the reason-code condition") })]);
  });

  it("refuses them on Trigger.dev without a BAA, and accepts a documented acknowledgement as a warning", async () => {
    const env = { TRIGGER_SECRET_KEY: "tr_prod_fake_secret" };
    const inbox = [{ id: "note", kind: "inbox" as const, note: "Call the patient" }];
    const refused = await checkRecipe(await open({ env }), reasonRecipe(inbox));
    expect(refused).toEqual([expect.objectContaining({ stepId: null, severity: "error", message: expect.stringContaining("Trigger.dev Cloud"), fix: expect.stringContaining("embedded engine") })]);
    await services?.dispose();
    const acknowledgement = { reason: "The practice reviewed Trigger.dev's terms and accepts run metadata there.", by: "Practice manager", date: "2026-02-01" };
    const acknowledged = await checkRecipe(await open({ env, config: { baa: { "trigger-dev": { signed: false, acknowledgement } } } }), reasonRecipe(inbox));
    expect(acknowledged).toEqual([expect.objectContaining({ stepId: null, severity: "warning", fix: expect.stringMatching(/^Nothing blocks activation/) })]);
    // Without the condition, the engine sees references only.
    expect(await checkRecipe(services as TestServices, recipeWith(inbox))).toEqual([]);
  });
});
