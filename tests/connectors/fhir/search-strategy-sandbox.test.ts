import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { sourceStreams } from "../../../workflows/sync-sources.js";
import { runSync } from "../../../workflows/sync.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";
import { noopWorkflows } from "./helpers/noop-workflows.js";

/**
 * A local FHIR server that refuses practice-wide Appointment searches (the sandbox EHR with
 * Oracle-style "scoped" rules): the location strategy pulls the whole schedule; with nothing
 * configured the sync fails loudly, naming the config that fixes it.
 */
const NOW = new Date("2030-03-04T14:00:00Z");
let ehr: SandboxEhr;
let services: TestServices | undefined;
const logs: LogRecord[] = [];

beforeAll(async () => {
  setLogSink((r) => logs.push(r));
  ehr = await startSandboxEhr({ now: NOW, searchRules: "scoped" });
}, 60_000);
afterAll(async () => {
  await services?.dispose();
  await ehr.close();
  setLogSink(null);
});

async function servicesWith(config: unknown): Promise<TestServices> {
  await services?.dispose();
  services = await openTestServices({ config, now: NOW });
  services.sources.fhir = createFhirClient({ baseUrl: ehr.baseUrl });
  return services;
}

async function pulled(s: TestServices): Promise<{ refs: string[]; skipped: number }> {
  const refs: string[] = [];
  let skipped = 0;
  const window = { from: NOW, to: new Date(NOW.getTime() + 15 * 86_400_000) };
  for (const { batches } of sourceStreams(s, window)) {
    for await (const batch of batches) {
      refs.push(...batch.appointments.map((a) => a.ref));
      // Invoice pages come after the appointments, with skipped invoices of their own.
      if (batch.appointments.length > 0) skipped += batch.skipped;
    }
  }
  return { refs, skipped };
}

const LOCATIONS = [
  { id: "north", fhir: "Location/loc-north", name: "North Clinic" },
  { id: "south", fhir: "Location/loc-south", name: "South Clinic" },
  { id: "mesa", fhir: "Location/loc-mesa", name: "Mesa Clinic" },
];

describe("a server that refuses practice-wide searches", { timeout: 60_000 }, () => {
  it("refuses a practice-wide Appointment search itself (the premise)", async () => {
    const client = createFhirClient({ baseUrl: ehr.baseUrl });
    await expect(client.search("Appointment", { date: `ge${NOW.toISOString()}` })).rejects.toMatchObject({ status: 400 });
  });

  it("syncs the whole schedule by the configured locations' FHIR ids once the server refuses the practice-wide search", async () => {
    const s = await servicesWith({ locations: LOCATIONS });
    const { refs, skipped } = await pulled(s);
    expect(new Set(refs).size).toBe(refs.length);
    // Every appointment the sandbox seeded in the window is pulled (or skipped for no phone), none missed.
    expect(refs.length + skipped).toBe(ehr.stats.appointments);
  });

  it("syncs by location when fhir.search says so, and never yields an appointment twice across scopes", async () => {
    const s = await servicesWith({ fhir: { search: { by: "location", ids: ["loc-north", "Location/loc-south", "loc-mesa", "loc-north"] } } });
    const { refs, skipped } = await pulled(s);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.length + skipped).toBe(ehr.stats.appointments);
  });

  it("without configuration fails the FHIR source with the message that names the fix, not an empty sync", async () => {
    const s = await servicesWith({});
    await expect(pulled(s)).rejects.toThrow(/refused the practice-wide Appointment search.*HTTP 400.*invalid.*fhir\.search: \{ by: location, ids: \["Location\/123"\] \}/s);
    logs.length = 0;
    const summary = await runSync(s, noopWorkflows());
    expect(summary).toMatchObject({ sourceErrors: 1, appointments: 0 });
    const failed = logs.find((l) => l.event === "sync.source_failed");
    expect(failed?.fields).toMatchObject({ source: "fhir", errorKind: "SearchStrategyError" });
    expect(String(failed?.fields.fix)).toContain("fhir.search: { by: location");
  });
});
