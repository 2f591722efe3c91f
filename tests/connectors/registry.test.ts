import { describe, expect, it } from "vitest";
import { connectorById, connectors } from "../../connectors/index.js";
import { DATA_CLASSES } from "../../src/policy/baa-boundary.js";
import { phiFieldNames, phiProblems } from "../helpers/phi-sample.js";

const triggers = connectors.flatMap((c) => c.triggers.map((t) => [`${c.id}/${t.id}`, t] as const));

describe("connector registry", () => {
  it("lists every connector once", () => {
    expect(connectors.map((c) => c.id)).toEqual(["fhir", "acuity", "hl7", "twilio", "webhooks"]);
    expect(connectorById("acuity")?.baa.offered).toBe(false);
    expect(connectorById("nope")).toBeUndefined();
  });

  it.each(connectors.map((c) => [c.id, c] as const))("%s declares a BAA stance, known data classes and idempotency", (_id, c) => {
    expect(c.baa.mustAttest.length).toBeGreaterThan(20);
    for (const cls of c.receives) expect(DATA_CLASSES).toContain(cls);
    for (const a of c.actions) expect(typeof a.idempotent).toBe("boolean");
  });

  it.each(triggers)("trigger %s has a strategy, a reason and a PHI-free sample", (_id, t) => {
    expect(["polling", "webhook"]).toContain(t.strategy);
    expect(t.why.length).toBeGreaterThan(30);
    expect(t.sample).toBeTruthy();
    expect(phiProblems(t.sample)).toEqual([]);
  });

  it("the PHI check catches names, phones, dates, identifying numbers and free text", () => {
    expect(phiFieldNames()).toEqual(expect.arrayContaining(["start", "phone", "firstname", "dob", "amount"]));
    expect(phiProblems({ ref: "Appointment/example-1", start: new Date() })).toEqual(['start: names the PHI variable "start"']);
    expect(phiProblems({ contact: { value: "+13125550101" } })).toHaveLength(1);
    expect(phiProblems({ note: "Testy Example" })).toHaveLength(1);
    expect(phiProblems({ when: new Date("2030-01-01") })).toEqual(["when: a date"]);
    expect(phiProblems({ mrn: 123456789 })).toHaveLength(1);
  });
});
