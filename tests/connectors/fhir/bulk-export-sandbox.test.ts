import type { Appointment } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFhirClient, type FhirClient } from "../../../connectors/fhir/client.js";
import { DEFAULT_STATUSES } from "../../../connectors/fhir/pull-appointments.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { getSeen } from "../../../src/store/sync-seen.js";
import { exportScope, loadExportSince, loadPendingExportJob } from "../../../src/store/fhir-export-state.js";
import { runSync } from "../../../workflows/sync.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";
import { keyPair } from "./helpers/smart-server.js";
import { noopWorkflows } from "./helpers/noop-workflows.js";

/**
 * Bulk Data `$export` end to end against the sandbox EHR, which checks SMART Backend Services
 * tokens: the first sync exports everything, the second sends `_since` (the first export's
 * transactionTime) and sees only what changed in between.
 */
const NOW = new Date("2030-03-04T14:00:00Z");
const key = keyPair("ES384");
const SMART = { type: "smart" as const, clientId: "minnow-bulk", privateKey: key.privatePem, keyId: "bulk-1" };
let ehr: SandboxEhr;
let services: TestServices | undefined;
const logs: LogRecord[] = [];

beforeAll(async () => {
  setLogSink((r) => logs.push(r));
  ehr = await startSandboxEhr({ now: NOW, smart: { clientId: "minnow-bulk", keyId: "bulk-1", publicKey: key.publicKey }, exports: { pollsBeforeReady: 2, retryAfterSeconds: 0, resourcesPerFile: 50 } });
}, 60_000);
afterAll(async () => {
  await services?.dispose();
  await ehr.close();
  setLogSink(null);
});

/** The SMART client, recording every plain HTTP call it makes (the export's). */
function recordingClient(auth = SMART, onHttp: (url: string) => void = () => undefined): { client: FhirClient; urls: string[] } {
  const inner = createFhirClient({ baseUrl: ehr.baseUrl, auth });
  const urls: string[] = [];
  const client: FhirClient = { ...inner, http: (url, init) => (urls.push(`${init?.method ?? "GET"} ${url}`), onHttp(url), inner.http(url, init)) };
  return { client, urls };
}

async function servicesWith(search: unknown, client: FhirClient): Promise<TestServices> {
  await services?.dispose();
  services = await openTestServices({ config: { fhir: { search } }, now: NOW });
  services.sources.fhir = client;
  return services;
}

function upcomingAppointments(): Appointment[] {
  return [...ehr.repo.stored("Appointment")].filter((a): a is Appointment => a.resourceType === "Appointment" && (DEFAULT_STATUSES as readonly string[]).includes(a.status) && Date.parse(a.start ?? "") >= NOW.getTime());
}

describe("a sync by Bulk Data $export against the sandbox EHR", { timeout: 60_000 }, () => {
  it("exports everything on the first run, then only what changed, with _since from the first run's transactionTime", async () => {
    const { client, urls } = recordingClient();
    const s = await servicesWith({ by: "export" }, client);
    const first = await runSync(s, noopWorkflows());
    expect(first.sourceErrors).toBe(0);
    expect(first.appointments + first.skipped).toBe(upcomingAppointments().length);
    expect(first.new).toBe(first.appointments);
    const kickOff = urls.filter((u) => u.includes("/$export?"));
    expect(kickOff).toHaveLength(1);
    expect(kickOff[0]).toContain("_type=Appointment%2CPatient");
    expect(kickOff[0]).not.toContain("_since");
    // Several files per type (50 resources each), the status polled past two 202s, the job deleted.
    expect(urls.filter((u) => u.includes("/$export-file/")).length).toBeGreaterThan(4);
    expect(urls.filter((u) => u.startsWith("GET") && u.includes("/$export-status/"))).toHaveLength(3);
    expect(urls.filter((u) => u.startsWith("DELETE") && u.includes("/$export-status/"))).toHaveLength(1);
    const since = await loadExportSince(s.store, exportScope(ehr.baseUrl, undefined));
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const synced = await Promise.all(upcomingAppointments().map(async (a) => ((await getSeen(s.store, "appointment:fhir", `Appointment/${a.id ?? ""}`)) ? a : undefined)));
    const booked = synced.find((a) => a?.status === "booked" && Date.parse(a.start ?? "") > NOW.getTime() + 86_400_000);
    if (!booked) throw new Error("the sandbox seeded no booked appointment a day out");
    await new Promise((r) => setTimeout(r, 5));
    await ehr.repo.updateResource({ ...booked, status: "cancelled" });
    urls.length = 0;
    const second = await runSync(s, noopWorkflows());
    const again = urls.find((u) => u.includes("/$export?"));
    expect(again).toContain(`_since=${encodeURIComponent(since ?? "")}`);
    expect(second).toMatchObject({ sourceErrors: 0, appointments: 1, cancelled: 1, new: 0 });
    expect(await loadExportSince(s.store, exportScope(ehr.baseUrl, undefined))).not.toBe(since);
  });

  it("exports one Group's patients and their appointments only", async () => {
    const members = [...ehr.repo.stored("Patient")].slice(0, 5).map((p) => `Patient/${p.id ?? ""}`);
    await ehr.repo.createResource({ resourceType: "Group", id: "bulk-group", type: "person", actual: true, member: members.map((reference) => ({ entity: { reference } })) });
    const { client } = recordingClient();
    const s = await servicesWith({ by: "export", group: "bulk-group" }, client);
    const summary = await runSync(s, noopWorkflows());
    const expected = upcomingAppointments().filter((a) => a.participant.some((p) => members.includes(p.actor?.reference ?? "")));
    expect(expected.length).toBeGreaterThan(0);
    expect(summary.appointments + summary.skipped).toBe(expected.length);
    expect(await loadExportSince(s.store, exportScope(ehr.baseUrl, "Group/bulk-group"))).toBeDefined();
  });

  it("names the fix when the export job expires before minnow reads it, and keeps the old _since", async () => {
    const { client } = recordingClient(SMART, (url) => {
      if (url.includes("/$export-status/")) ehr.exports.expireAll();
    });
    const s = await servicesWith({ by: "export" }, client);
    logs.length = 0;
    const summary = await runSync(s, noopWorkflows());
    expect(summary).toMatchObject({ sourceErrors: 1, appointments: 0 });
    const failed = logs.find((l) => l.event === "sync.source_failed")?.fields;
    expect(failed).toMatchObject({ source: "fhir", errorKind: "ExportJobGoneError" });
    expect(String(failed?.fix)).toContain("the next sync starts a new export");
    expect(await loadExportSince(s.store, exportScope(ehr.baseUrl, undefined))).toBeUndefined();
  });

  it("resumes, after a restart, the export job the EHR accepted before minnow stopped, instead of starting another", async () => {
    const stopped = recordingClient(SMART, (url) => {
      if (url.includes("/$export-status/")) throw new Error("minnow stopped");
    });
    const s = await servicesWith({ by: "export" }, stopped.client);
    expect(await runSync(s, noopWorkflows())).toMatchObject({ sourceErrors: 1 });
    const scope = exportScope(ehr.baseUrl, undefined);
    const job = await loadPendingExportJob(s.store, scope);
    expect(job).toMatch(/\/\$export-status\//);

    const restarted = recordingClient();
    s.sources.fhir = restarted.client;
    const summary = await runSync(s, noopWorkflows());
    expect(summary.sourceErrors).toBe(0);
    expect(summary.appointments).toBeGreaterThan(0);
    expect(restarted.urls.filter((u) => u.includes("$export?"))).toEqual([]);
    expect(restarted.urls).toContain(`DELETE ${job}`);
    expect(await loadPendingExportJob(s.store, scope)).toBeUndefined();
    expect(await loadExportSince(s.store, scope)).toBeDefined();
  });

  it("is refused when the client assertion is signed with a key the EHR does not hold", async () => {
    const { client } = recordingClient({ ...SMART, privateKey: keyPair("ES384").privatePem });
    await expect(client.http(`${ehr.baseUrl}/$export`, { headers: { prefer: "respond-async" } })).rejects.toThrow(/SMART token request to .*\/auth\/token was refused \(HTTP 401, invalid_client\)/);
    const anonymous = createFhirClient({ baseUrl: ehr.baseUrl });
    expect((await anonymous.http(`${ehr.baseUrl}/$export`, { headers: { prefer: "respond-async" } })).status).toBe(401);
  });
});
