import { describe, expect, it } from "vitest";
import dictionary from "../../src/policy/data/phi-dictionary.json" with { type: "json" };
import drugs from "../../src/policy/data/prescription-drugs.json" with { type: "json" };
import prohibited from "../../src/policy/data/prohibited-content.json" with { type: "json" };
import shorteners from "../../src/policy/data/url-shorteners.json" with { type: "json" };
import { knownVariables, PRESCRIPTION_DRUG_NAMES, phiClassAllowed, phiClassOf } from "../../src/policy/index.js";

describe("phiClassOf", () => {
  it.each([
    ["never", ["practice.name", "practice.phone", "practice.hours", "practice.url", "links.portal", "links.reschedule", "offer.holdMinutes"]],
    ["sometimes", ["patient.firstName", "appointment.date", "appointment.time", "appointment.start", "appointment.weekday", "location.name", "links.payment", "slot.start", "slot.date", "slot.time", "practitioner.name"]],
    ["always", ["patient.fullName", "patient.lastName", "patient.dob", "patient.mrn", "patient.phone", "appointment.reason", "appointment.serviceType", "appointment.specialty", "practitioner.specialty", "diagnosis", "medication", "results", "insurance", "invoice.amount", "invoice.balance", "invoice.service"]],
  ] as const)("classes %s variables", (phiClass, paths) => {
    for (const path of paths) expect([path, phiClassOf(path)]).toEqual([path, phiClass]);
  });

  it.each(["patient.ssn", "", "practice", "practice.name.first", "PRACTICE.NAME", "__proto__", "constructor", "toString", "practice.__proto__"])(
    "treats unknown %j as always",
    (path) => expect(phiClassOf(path)).toBe("always"),
  );

  it.each([
    ["never", "none", true],
    ["never", "minimal", true],
    ["sometimes", "none", false],
    ["sometimes", "minimal", true],
    ["always", "none", false],
    ["always", "minimal", false],
  ] as const)("a %s variable at phiLevel %s is allowed: %s", (phiClass, level, allowed) => {
    expect(phiClassAllowed(phiClass, level)).toBe(allowed);
  });

  it("gives every variable a realistic worst case or a date kind", () => {
    for (const variable of knownVariables()) {
      const dateKind = ["date", "time", "datetime"].includes(variable.kind);
      expect([variable.path, dateKind || variable.worstCase.length > 0]).toEqual([variable.path, true]);
      expect(variable.worstCase.length).toBeLessThanOrEqual(variable.maxLength);
    }
  });

  it("never has a variable that is both a value and a parent of another", () => {
    const paths = knownVariables().map((v) => v.path);
    for (const path of paths) expect(paths.filter((other) => other.startsWith(`${path}.`))).toEqual([]);
  });
});

describe("data files", () => {
  it.each([
    ["phi-dictionary", dictionary.sources],
    ["prescription-drugs", drugs.sources],
    ["prohibited-content", prohibited.sources],
    ["url-shorteners", shorteners.sources],
  ])("%s notes its sources", (_name, sources) => {
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source.length).toBeGreaterThan(20);
  });

  it("the PHI dictionary cites the Quo table, minimum necessary and the identifiers", () => {
    const text = dictionary.sources.join(" ");
    expect(text).toContain("seeds/000_");
    expect(text).toContain("164.502(b)");
    expect(text).toContain("164.514");
    expect(Object.keys(dictionary.decisions)).toContain("practitioner.name");
  });

  it("the drug list cites the DEA schedules and has at least 200 unique names", () => {
    expect(drugs.sources.join(" ")).toMatch(/21 CFR 1308\.11.*1308\.15/);
    expect(new Set(PRESCRIPTION_DRUG_NAMES).size).toBe(PRESCRIPTION_DRUG_NAMES.length);
    expect(PRESCRIPTION_DRUG_NAMES.length).toBeGreaterThanOrEqual(200);
    const raw = [...drugs.controlledSubstances, ...drugs.prescriptionDrugs].map((name) => name.toLowerCase());
    expect(new Set(raw).size).toBe(raw.length);
  });

  it("the drug list leaves out ordinary words and over-the-counter names", () => {
    for (const word of ["soma", "norco", "sonata", "lithium", "insulin", "ibuprofen", "narcan", "steroid"]) {
      expect([word, PRESCRIPTION_DRUG_NAMES.includes(word)]).toEqual([word, false]);
    }
  });

  it("SHAFT-C covers all six categories", () => {
    expect(Object.keys(prohibited.categories).sort()).toEqual(["alcohol", "cannabis", "firearms", "hate", "sex", "tobacco"]);
  });
});
