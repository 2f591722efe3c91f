import type { Communication } from "@medplum/fhirtypes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFhirClient, type FhirClient } from "../../connectors/fhir/client.js";
import { MESSAGE_ID_SYSTEM } from "../../connectors/fhir/actions/record-communication.js";
import { resourcesOfType } from "../../connectors/fhir/search-pages.js";
import { setLogSink, type LogRecord } from "../../src/log.js";
import { sendOutreach, type OutreachRequest } from "../../src/messaging/send-outreach.js";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

/** A text sent about an appointment appears in the EHR as a Communication, when the practice enables it. */
const NOW = new Date("2030-03-04T16:00:00Z");
const PHONE = "+13125550123";
let ehr: SandboxEhr;
let fhir: FhirClient;
let services: TestServices | undefined;
const logs: LogRecord[] = [];

beforeAll(async () => {
  ehr = await startSandboxEhr({ now: NOW, size: { patients: 12, appointments: 20 } });
  fhir = createFhirClient({ baseUrl: ehr.baseUrl });
}, 60_000);
afterAll(() => ehr.close());
afterEach(async () => {
  await services?.dispose();
  setLogSink(null);
  logs.length = 0;
});

function request(n: number): OutreachRequest {
  return {
    patientRef: "Patient/pat-0001",
    scope: "appointment",
    templateId: "appointment-reminder",
    values: { patient: { firstName: "Rowan" }, appointment: { start: new Date("2030-03-06T15:30:00Z") } },
    effectKey: `reminder:Appointment/appt-001:touch-${n}`,
    actor: "workflow:appointment-reminder",
    subjectRef: "Appointment/appt-001",
  };
}

async function setUp(config: unknown): Promise<TestServices> {
  setLogSink((r) => logs.push(r));
  services = await openTestServices({ config, now: NOW });
  services.sources.fhir = fhir;
  await upsertContact(services.store, services.crypto, { patientRef: "Patient/pat-0001", phone: PHONE, timeZone: "America/Chicago", state: "IL", language: "en" });
  await recordConsent(services.store, services.crypto, { patientRef: "Patient/pat-0001", phone: PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "paper", evidence: "Intake form v3", phoneVerified: true, capturedAt: new Date("2030-01-05T00:00:00Z") });
  return services;
}

async function communicationsFor(messageId: string): Promise<Communication[]> {
  const page = await fhir.search("Communication", { identifier: `${MESSAGE_ID_SYSTEM}|${messageId}` });
  return resourcesOfType<Communication>(page, "Communication");
}

describe("the Communication write-back", { timeout: 60_000 }, () => {
  it("records the send in the EHR without the text by default, once even when the send is repeated", async () => {
    const s = await setUp({ fhir: { communications: { record: true } } });
    const result = await sendOutreach(s, request(1));
    expect(result.outcome).toBe("sent");
    const messageId = result.outcome === "sent" ? result.messageId : "";
    await sendOutreach(s, request(1));
    const found = await communicationsFor(messageId);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: "completed", subject: { reference: "Patient/pat-0001" }, about: [{ reference: "Appointment/appt-001" }], sent: NOW.toISOString() });
    expect(found[0]?.payload).toBeUndefined();
    expect(JSON.stringify(logs)).not.toContain("Rowan");
  });

  it("carries the text sent when the practice chose body: full", async () => {
    const s = await setUp({ fhir: { communications: { record: true, body: "full" } } });
    const result = await sendOutreach(s, request(2));
    const found = await communicationsFor(result.outcome === "sent" ? result.messageId : "");
    expect(s.sms.sent[0]?.body).toBeTruthy();
    expect(found[0]?.payload?.[0]?.contentString).toBe(s.sms.sent[0]?.body);
  });

  it("writes nothing when the practice has not enabled it", async () => {
    const s = await setUp({});
    const result = await sendOutreach(s, request(3));
    expect(await communicationsFor(result.outcome === "sent" ? result.messageId : "")).toEqual([]);
  });

  it("keeps the send when the EHR write fails, and logs it without PHI", async () => {
    const s = await setUp({ fhir: { communications: { record: true } } });
    s.sources.fhir = createFhirClient({ baseUrl: "http://127.0.0.1:9/fhir" }, { retry: { maxRetries: 0 } });
    const result = await sendOutreach(s, request(4));
    expect(result.outcome).toBe("sent");
    expect(s.sms.sent).toHaveLength(1);
    expect(logs.find((l) => l.event === "fhir.communication.failed")?.fields).toMatchObject({ subjectRef: "Appointment/appt-001" });
  });
});
