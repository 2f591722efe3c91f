import { describe, expect, it } from "vitest";
import { participantRef, requireRef, toRelativeRef } from "../../../connectors/fhir/references.js";

describe("toRelativeRef", () => {
  it.each<[string | undefined, string | undefined, string | undefined]>([
    ["Patient/p1", undefined, "Patient/p1"],
    ["https://ehr.test/fhir/R4/Patient/p-1.2", "Patient", "Patient/p-1.2"],
    ["Patient/p1/_history/4", "Patient", "Patient/p1"],
    ["Practitioner/x", "Patient", undefined],
    ["#contained", undefined, undefined],
    ["urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427", undefined, undefined],
    ["Patient/", undefined, undefined],
    ["patient/p1", undefined, undefined],
    [undefined, undefined, undefined],
  ])("%s (want %s) -> %s", (reference, type, expected) => {
    expect(toRelativeRef(reference, type)).toBe(expected);
  });

  it("finds the first participant of a type", () => {
    const participants = [{ actor: { reference: "Location/l1" } }, { actor: {} }, { actor: { reference: "Patient/p9" } }];
    expect(participantRef(participants, "Patient")).toBe("Patient/p9");
    expect(participantRef(participants, "Practitioner")).toBeUndefined();
  });

  it("requireRef explains what it expected", () => {
    expect(requireRef("Appointment/a1", "Appointment")).toEqual({ type: "Appointment", id: "a1" });
    expect(() => requireRef("Patient/p1", "Appointment")).toThrow('Expected a Appointment reference like "Appointment/123", got "Patient/p1".');
  });
});
