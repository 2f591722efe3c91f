import type { ContactPoint, Patient, PatientCommunication } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { createPhoneNormalizer, mapPatientContact, toE164 } from "../../../connectors/fhir/map-contact.js";
import { patient } from "./helpers/fixtures.js";

const NOW = new Date("2030-03-01T00:00:00Z");
const phoneOf = (telecom: ContactPoint[]) => {
  const result = mapPatientContact(patient("p1", { telecom }), NOW);
  return result.ok ? result.contact.phone : result.reason;
};

describe("mapPatientContact", () => {
  it.each<[string, ContactPoint[], string]>([
    ["prefers system=sms over a mobile phone", [{ system: "phone", use: "mobile", value: "312-555-0101" }, { system: "sms", value: "312-555-0102" }], "+13125550102"],
    ["prefers use=mobile over an unlabelled phone", [{ system: "phone", value: "312-555-0103" }, { system: "phone", use: "mobile", value: "312-555-0104" }], "+13125550104"],
    ["uses an unlabelled phone when nothing better exists", [{ system: "phone", value: "+1 (415) 555-0105" }], "+14155550105"],
    ["orders equal candidates by rank", [{ system: "sms", value: "312-555-0106", rank: 2 }, { system: "sms", value: "312-555-0107", rank: 1 }], "+13125550107"],
    ["ignores ended numbers", [{ system: "sms", value: "312-555-0108", period: { end: "2020-01-01" } }, { system: "phone", use: "mobile", value: "312-555-0109" }], "+13125550109"],
    ["falls through an invalid sms number to a valid mobile", [{ system: "sms", value: "12345" }, { system: "phone", use: "mobile", value: "312-555-0110" }], "+13125550110"],
    ["never texts a work or home line", [{ system: "phone", use: "work", value: "312-555-0111" }, { system: "phone", use: "home", value: "312-555-0112" }], "no-phone"],
    ["reports an invalid number", [{ system: "phone", use: "mobile", value: "(111) 555-0100" }], "invalid-phone"],
    ["reports no telecom at all", [], "no-phone"],
    ["keeps a valid foreign number in E.164", [{ system: "sms", value: "+52 55 5555 0123" }], "+525555550123"],
  ])("%s", (_name, telecom, expected) => {
    expect(phoneOf(telecom)).toBe(expected);
  });

  it.each<[string, PatientCommunication[], string | undefined]>([
    ["takes the preferred language first", [{ language: { coding: [{ code: "en" }] } }, { language: { coding: [{ code: "es" }] }, preferred: true }], "es"],
    ["takes the first language when none is preferred", [{ language: { coding: [{ code: "es-mx" }] } }, { language: { coding: [{ code: "en" }] } }], "es-MX"],
    ["skips a coding that is not BCP-47", [{ language: { coding: [{ code: "not a tag!" }, { code: "vi" }] } }], "vi"],
    ["leaves language unset without communication", [], undefined],
  ])("%s", (_name, communication, expected) => {
    const result = mapPatientContact(patient("p1", { communication }), NOW);
    expect(result.ok ? result.contact.language : "skipped").toBe(expected);
  });

  it.each<[string, Patient["address"], string | undefined]>([
    ["uses the home address state", [{ use: "work", state: "NY" }, { use: "home", state: "fl" }], "FL"],
    ["ignores old addresses", [{ use: "old", state: "TX" }, { state: "CT" }], "CT"],
    ["ignores a state that is not a two-letter code", [{ use: "home", state: "Illinois" }], undefined],
  ])("%s", (_name, address, expected) => {
    const result = mapPatientContact(patient("p1", { address }), NOW);
    expect(result.ok ? result.contact.state : "skipped").toBe(expected);
  });
});

describe("createPhoneNormalizer", () => {
  it("gives the same answers as toE164, including for invalid numbers, and stays bounded", () => {
    const normalize = createPhoneNormalizer(3);
    const inputs = ["312-555-0101", "12345", "312-555-0101", "(415) 555-0102", "+1 617 555 0103", "12345", "312-555-0104"];
    expect(inputs.map(normalize)).toEqual(inputs.map(toE164));
  });
});
