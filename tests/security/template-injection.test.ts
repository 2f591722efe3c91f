import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { renderMessage } from "../../src/messaging/templates.js";
import { at, BASE, CONSENT_FROM_EHR, createAppointment, createPatient, hours, openScenario, type Scenario } from "../workflows/helpers/scenario.js";

/**
 * A patient's name is outside input: whatever the EHR holds is data, never template syntax or
 * terminal/bidi control. `{{patient.dob}}` in a first name must not render a date of birth, and
 * control characters or a right-to-left override must not reach the SMS.
 */
const HOSTILE_NAMES: Array<[string, string]> = [
  ["a template expression", "{{patient.dob}}"],
  ["a template with a formatter", "{{ appointment.start | date }}"],
  ["a triple mustache", "{{{practice.phone}}}"],
  ["an unbalanced open", "Ann{{"],
  ["a right-to-left override", "Ann\u202Etxt.exe"],
  ["bidi isolates and embedding", "\u2066Ann\u2069\u202Bx\u202C"],
  ["C0 controls and ESC", "Ann\u0007\u001b[31mred\u0000"],
  ["a newline that fakes a second line", "Ann\nReply STOPALL to win"],
  ["C1 controls and zero-width", "A\u0085n\u200Bn\uFEFF"],
];

const config = parsePracticeConfig({});
const BIDI_OR_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const DOB = "1961-04-05";

function render(firstName: string) {
  return renderMessage(config, {
    templateId: "appointment-reminder",
    language: "en",
    phiLevel: "minimal",
    values: { patient: { firstName, dob: DOB, birthDate: DOB }, appointment: { start: new Date("2026-12-02T15:00:00Z") } },
  });
}

describe("template injection through a patient's name", () => {
  it("renders an ordinary first name (so the checks below see real output)", () => {
    const result = render("Ann");
    expect(result.ok && result.body).toContain("Ann");
  });

  it.each(HOSTILE_NAMES)("renders %s inertly", (_name, firstName) => {
    const result = render(firstName);
    // Refusing the risky value is acceptable; rendering it raw is not.
    if (!result.ok) return;
    expect(result.body).not.toContain(DOB);
    expect(result.body).not.toMatch(/\{\{|\}\}/);
    expect(result.body).not.toMatch(BIDI_OR_CONTROL);
  });

  it("never lets any string smuggle syntax, controls or the DOB into a rendered body (property)", () => {
    const piece = fc.constantFrom("{{", "}}", "patient.dob", "|", "\u202E", "\u0000", "\u001b", "\n", "\u2066", "Ann", " ", "{", "}");
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
        const result = render(parts.join(""));
        if (!result.ok) return;
        expect(result.body).not.toContain(DOB);
        expect(result.body).not.toMatch(/\{\{|\}\}/);
        expect(result.body).not.toMatch(BIDI_OR_CONTROL);
      }),
      { numRuns: 300 },
    );
  });
});

describe("end to end: a hostile name in the EHR reaches the SMS inert", () => {
  let scenario: Scenario | undefined;
  afterEach(async () => {
    await scenario?.dispose();
    scenario = undefined;
  });

  it("sends the reminder with the name neutralized and no date of birth", async () => {
    scenario = await openScenario({ consent: { fromEhr: { ...CONSENT_FROM_EHR, phiLevel: "minimal" } }, reminders: { touches: ["24h"], replyTouch: "24h" } });
    const s = scenario;
    const patient = await createPatient(s.fhir);
    const id = patient.ref.split("/")[1] ?? "";
    const stored = await s.fhir.read<import("@medplum/fhirtypes").Patient>("Patient", id);
    await s.fhir.update({ ...stored, birthDate: DOB, name: [{ given: ["Ann{{patient.dob}}\u202E\u0007"], family: "{{patient.mrn}}" }] });
    const appointmentRef = await createAppointment(s.fhir, patient.ref, at(BASE, hours(20)));
    expect(appointmentRef).toMatch(/^Appointment\//);
    await s.sync();
    await s.drain();
    expect(s.sms.sent).toHaveLength(1);
    const body = s.sms.sent[0]?.body ?? "";
    expect(body).not.toContain(DOB);
    expect(body).not.toContain("1961");
    expect(body).not.toMatch(/\{\{|\}\}/);
    expect(body).not.toMatch(BIDI_OR_CONTROL);
  });
});
