import { describe, expect, it } from "vitest";
import {
  boundaryHasErrors,
  DATA_CLASS_PHI,
  evaluateBoundary,
  type BaaAttestation,
  type BoundaryFlow,
  type BoundaryParty,
  type DataClass,
} from "../../src/policy/baa-boundary.js";

const twilio: BoundaryParty = { id: "twilio", displayName: "Twilio", kind: "connector", baa: { offered: true, mustAttest: "Security or Enterprise Edition" } };
const zapier: BoundaryParty = { id: "zapier", displayName: "Zapier", kind: "destination", baa: { offered: false } };
const trigger: BoundaryParty = { id: "trigger", displayName: "Trigger.dev Cloud", kind: "engine", baa: { offered: true } };
const parties = [twilio, zapier, trigger];
const SIGNED: BaaAttestation = { signed: true, date: "2026-01-05", reference: "contracts/twilio-baa.pdf" };
const ACK: BaaAttestation = { signed: false, acknowledgement: { reason: "owner wants first names in Slack via Zapier", by: "practice-owner", date: "2026-02-01" } };

function single(flow: BoundaryFlow, attestations: Record<string, BaaAttestation> = {}) {
  return evaluateBoundary({ parties, attestations, flows: [flow] });
}

describe("evaluateBoundary", () => {
  it.each<[string, BoundaryFlow, Record<string, BaaAttestation>, { severity: string; code: string; classes: DataClass[] }]>([
    ["references only to an outside destination is info", { to: "zapier", classes: ["reference"] }, {},
      { severity: "info", code: "references-only", classes: ["reference"] }],
    ["a phone number outside the BAA is an error", { to: "zapier", classes: ["reference", "contact"] }, {},
      { severity: "error", code: "phi-outside-baa", classes: ["contact"] }],
    ["a first name outside the BAA is an error", { to: "zapier", classes: ["first-name"] }, {},
      { severity: "error", code: "phi-outside-baa", classes: ["first-name"] }],
    ["a message body outside the BAA is an error", { to: "zapier", classes: ["message-body"] }, {},
      { severity: "error", code: "phi-outside-baa", classes: ["message-body"] }],
    ["an acknowledged flow outside the BAA is a warning", { to: "zapier", classes: ["first-name", "schedule"] }, { zapier: ACK },
      { severity: "warning", code: "phi-outside-baa-acknowledged", classes: ["first-name", "schedule"] }],
    ["an acknowledgement without a date does not count", { to: "zapier", classes: ["schedule"] },
      { zapier: { signed: false, acknowledgement: { reason: "r", by: "b", date: "" } } },
      { severity: "error", code: "phi-outside-baa", classes: ["schedule"] }],
    ["an acknowledgement without a name does not count", { to: "zapier", classes: ["schedule"] },
      { zapier: { signed: false, acknowledgement: { reason: "r", by: " ", date: "2026-02-01" } } },
      { severity: "error", code: "phi-outside-baa", classes: ["schedule"] }],
    ["PHI under a signed BAA is info", { to: "twilio", classes: ["contact", "first-name", "schedule"] }, { twilio: SIGNED },
      { severity: "info", code: "inside-baa", classes: ["contact", "first-name", "schedule"] }],
    ["PHI to a vendor that offers a BAA the practice has not signed is an error", { to: "twilio", classes: ["contact"] }, {},
      { severity: "error", code: "phi-outside-baa", classes: ["contact"] }],
    ["PHI to an engine outside the BAA is an error", { to: "trigger", classes: ["schedule"] }, { trigger: { signed: false } },
      { severity: "error", code: "phi-outside-baa", classes: ["schedule"] }],
    ["clinical data to an unsigned party is an error", { to: "trigger", classes: ["clinical", "financial"] }, {},
      { severity: "error", code: "phi-outside-baa", classes: ["clinical", "financial"] }],
  ])("%s", (_name, flow, attestations, expected) => {
    const flowFinding = single(flow, attestations).find((f) => f.party === flow.to && f.code !== "attestation-undocumented");
    expect(flowFinding).toMatchObject({ ...expected, party: flow.to });
    expect(flowFinding?.message.length).toBeGreaterThan(20);
  });

  it("flags a signed attestation for a vendor that offers no BAA, and still treats its PHI as outside", () => {
    const findings = single({ to: "zapier", classes: ["contact"] }, { zapier: { signed: true, date: "2026-01-01", reference: "x" } });
    expect(findings.map((f) => [f.severity, f.code])).toEqual([["error", "baa-not-offered"], ["error", "phi-outside-baa"]]);
  });

  it.each([
    ["no date", { signed: true, reference: "contracts/twilio-baa.pdf" }],
    ["no reference", { signed: true, date: "2026-01-05" }],
    ["a date that is not a date", { signed: true, date: "last spring", reference: "contracts/twilio-baa.pdf" }],
  ])("warns when a signed BAA has %s", (_name, attestation) => {
    const findings = single({ to: "twilio", classes: ["contact"] }, { twilio: attestation });
    expect(findings).toContainEqual(expect.objectContaining({ severity: "warning", code: "attestation-undocumented", party: "twilio" }));
    expect(findings).toContainEqual(expect.objectContaining({ severity: "info", code: "inside-baa" }));
  });

  it("names the automation and the fix in the message, never a data value", () => {
    const [finding] = single({ to: "zapier", classes: ["first-name"], automation: "slack-new-booking" });
    expect(finding?.message).toContain("slack-new-booking");
    expect(finding?.message).toMatch(/references only|acknowledgement/);
  });

  it("reports flows to undeclared parties, unknown classes and orphan attestations", () => {
    const findings = evaluateBoundary({
      parties,
      attestations: { ghost: { signed: true, date: "2026-01-01", reference: "r" }, twilio: SIGNED },
      flows: [{ to: "nowhere", classes: ["reference"] }, { to: "twilio", classes: ["genome" as DataClass] }],
    });
    expect(findings.map((f) => f.code)).toEqual(["attestation-unknown-party", "unknown-party", "unknown-data-class", "inside-baa"]);
    expect(boundaryHasErrors(findings)).toBe(true);
  });

  it("boundaryHasErrors is false for a clean setup and true with any error", () => {
    const clean = evaluateBoundary({ parties, attestations: { twilio: SIGNED }, flows: [
      { to: "twilio", classes: ["contact", "first-name"] }, { to: "zapier", classes: ["reference"] },
    ] });
    expect(boundaryHasErrors(clean)).toBe(false);
    expect(boundaryHasErrors(single({ to: "zapier", classes: ["location"] }))).toBe(true);
    expect(boundaryHasErrors(single({ to: "zapier", classes: ["location"] }, { zapier: ACK }))).toBe(false);
  });

  it("classes phone numbers and the rest as the PHI table says", () => {
    expect(DATA_CLASS_PHI).toMatchObject({ reference: "never", contact: "always", "first-name": "sometimes", "message-body": "sometimes", financial: "always" });
  });
});
