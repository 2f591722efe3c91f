import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitlistForPatient } from "../../../src/store/waitlist.js";
import { createPatient } from "../../../tests/workflows/helpers/scenario.js";
import { createKnownPatient, createOptedOutPatient, type TestPatient } from "../../test-kit/patients.js";
import { openSandbox, type Sandbox } from "../../test-kit/sandbox.js";
import { authData, run } from "./app-tester.js";

let sandbox: Sandbox;
let patient: TestPatient;
beforeAll(async () => {
  sandbox = await openSandbox();
  patient = await createKnownPatient(sandbox.stack);
});
afterAll(() => sandbox.dispose());

type Result = { outcome?: string; messageId?: string; id?: string; runId?: string; started?: boolean };
const create = (key: string, inputData: Record<string, unknown>) => run<Result>(`creates.${key}.operation.perform`, { authData: authData(sandbox), inputData });

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${sandbox.baseUrl}/api${path}`, { headers: { "x-api-key": sandbox.apiKey } });
  return (await res.json()) as T;
}

describe("creates against a running minnow", () => {
  it("Send Text texts the patient once per idempotency key, and minnow records message.sent", async () => {
    const input = { patientRef: patient.ref, templateId: "appointment-reminder", idempotencyKey: "zap-run-41" };
    const first = await create("send_message", input);
    const again = await create("send_message", input);
    expect(first).toMatchObject({ outcome: "sent", messageId: expect.any(String) });
    expect(again).toEqual(first);
    expect(sandbox.stack.sentTo(patient.phone)).toHaveLength(1);
    const { events } = await api<{ events: Array<{ refs: Record<string, string> }> }>("/events?type=message.sent");
    expect(events.map((e) => e.refs.messageId)).toContain(first.messageId);
  });

  it("Send Text stops the Zap with minnow's reason when policy refuses (the patient opted out)", async () => {
    const other = await createOptedOutPatient(sandbox.stack);
    const before = sandbox.stack.sentTo(other.phone).length;
    await expect(create("send_message", { patientRef: other.ref, templateId: "appointment-reminder" })).rejects.toThrow(/minnow did not send the text: phone-opted-out/);
    expect(sandbox.stack.sentTo(other.phone)).toHaveLength(before);
  });

  it("Send Text names an unknown patient in the error", async () => {
    await expect(create("send_message", { patientRef: "Patient/nobody", templateId: "appointment-reminder" })).rejects.toThrow(/minnow answered 404: No patient with that ref/);
  });

  it("Add to Waitlist puts the patient on minnow's waitlist for the period", async () => {
    const result = await create("add_to_waitlist", { patientRef: patient.ref, requestedStart: "2026-12-07T14:00:00Z", requestedEnd: "2026-12-11T23:00:00Z", priority: "2" });
    const entries = await waitlistForPatient(sandbox.stack.scenario.services.store, patient.ref);
    expect(entries.map((e) => ({ id: e.id, priority: e.priority, start: e.requestedStart.toISOString() }))).toEqual([{ id: result.id, priority: 2, start: "2026-12-07T14:00:00.000Z" }]);
  });

  it("Add to Waitlist passes minnow's field error back when the period ends before it starts", async () => {
    await expect(create("add_to_waitlist", { patientRef: patient.ref, requestedStart: "2026-12-11T14:00:00Z", requestedEnd: "2026-12-07T23:00:00Z" })).rejects.toThrow(/minnow answered 422: .*requestedEnd: must be after requestedStart/);
  });

  it("Record Consent writes the ledger: minnow's consent API shows it as current", async () => {
    const fresh = await createPatient(sandbox.stack.scenario.fhir);
    const result = await create("record_consent", { patientRef: fresh.ref, phone: fresh.phone, scopes: ["appointment", "waitlist"], phiLevel: "none", source: "paper", evidence: "Intake form v3" });
    const consent = await api<{ current: { id: string; scopes: string[]; source: string } }>(`/consents/${fresh.ref}`);
    expect(consent.current).toMatchObject({ id: result.id, scopes: ["appointment", "waitlist"], source: "paper" });
  });

  it("Record Consent refuses verbal consent without who took it", async () => {
    await expect(create("record_consent", { patientRef: patient.ref, phone: patient.phone, scopes: "appointment", phiLevel: "none", source: "verbal" })).rejects.toThrow(/minnow answered 422: .*capturedBy/);
  });

  it("Sync Now starts a sync run in the engine, once per idempotency key", async () => {
    const first = await create("sync_now", { idempotencyKey: "zap-run-42" });
    const again = await create("sync_now", { idempotencyKey: "zap-run-42" });
    expect(first).toMatchObject({ started: true });
    expect(again).toEqual({ runId: first.runId, started: false });
    const runs = await sandbox.stack.scenario.engine.listRuns({ workflowId: "sync" });
    expect(runs.map((r) => r.id)).toContain(first.runId);
  });
});
