import type { Patient } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "../../src/log.js";
import { getContact } from "../../src/store/contacts.js";
import { listOpenPrompts } from "../../src/store/prompts.js";
import { at, BASE, CONSENT_FROM_EHR, createAppointment, hours, openScenario, type Scenario } from "../workflows/helpers/scenario.js";

/**
 * A patient made of canary values goes through a whole reminder: sync, decision, render, send,
 * the C reply and the EHR write-back. Every log line (setLogSink, via the scenario) and every
 * engine payload (run inputs, outputs, journaled step results) is then scanned: no canary may
 * appear in any of them, in any spelling.
 */
const CANARY = {
  given: "Qzcanaryfirst",
  family: "Xwcanaryfamily",
  birthDate: "1957-03-09",
  phone: "+13125550177",
  street: "77 Canarybird Lane",
  email: "qz.canary@example.test",
};
const SPELLINGS = [CANARY.given, CANARY.family, CANARY.birthDate, "19570309", CANARY.phone, "3125550177", "555-0177", "5550177", CANARY.street, "Canarybird", CANARY.email];

let scenario: Scenario;
let patientRef = "";

beforeAll(async () => {
  // Every level, debug included: a canary in a debug line would leak the day someone turns it on.
  setLogLevel("debug");
  scenario = await openScenario({ consent: { fromEhr: { ...CONSENT_FROM_EHR, phiLevel: "minimal" } }, reminders: { touches: ["24h"], replyTouch: "24h" } });
  const created = await scenario.fhir.create<Patient>({
    resourceType: "Patient",
    name: [{ given: [CANARY.given], family: CANARY.family }],
    birthDate: CANARY.birthDate,
    telecom: [
      { system: "phone", value: CANARY.phone, use: "mobile" },
      { system: "email", value: CANARY.email },
    ],
    address: [{ use: "home", line: [CANARY.street], city: "Chicago", state: "IL" }],
  });
  patientRef = `Patient/${created.id ?? ""}`;
  await createAppointment(scenario.fhir, patientRef, at(BASE, hours(20)));
  await scenario.sync();
  await scenario.drain();
  const contact = await getContact(scenario.services.store, scenario.services.crypto, patientRef);
  const [prompt] = await listOpenPrompts(scenario.services.store, contact?.phoneIdx ?? "", scenario.sms.sender, scenario.services.clock.now());
  await scenario.services.engine.signal(prompt?.signalKey ?? "", { intent: "confirm", inboundId: "in-canary", patientRef });
  await scenario.drain();
}, 60_000);
afterAll(async () => {
  setLogLevel("info");
  await scenario.dispose();
});

describe("PHI canaries", () => {
  it("went through the whole path (so the scans below scan something)", () => {
    expect(scenario.sms.sent.map((m) => m.to)).toEqual([CANARY.phone]);
    expect(scenario.logs.length).toBeGreaterThan(10);
    expect(scenario.logs.some((l) => l.event === "message.sent")).toBe(true);
  });

  it("appear in no log line", () => {
    const text = scenario.logs.map((l) => JSON.stringify(l)).join("\n");
    expect(SPELLINGS.filter((s) => text.toLowerCase().includes(s.toLowerCase()))).toEqual([]);
  });

  it("appear in no engine payload: run inputs, outputs and journaled step results", async () => {
    const { db } = scenario.services.store;
    const runs = await db.selectFrom("workflow_runs").select(["input", "output", "error"]).execute();
    const steps = await db.selectFrom("run_steps").select(["result"]).execute();
    expect(runs.length).toBeGreaterThan(1);
    const text = JSON.stringify([runs, steps]).toLowerCase();
    expect(SPELLINGS.filter((s) => text.includes(s.toLowerCase()))).toEqual([]);
  });
});
