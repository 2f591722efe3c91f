/**
 * FHIR pull figures (`npm run bench -- fhir`, or `npx tsx bench/fhir.ts`):
 * - time to pull 10,000 appointments + 2,000 patients from the sandbox over HTTP at _count=100,
 *   through the connector vs a raw fhir-kit-client loop over the same pages (target ≤ 1.3×);
 * - peak RSS of a process that pulls 10,000 and 50,000 appointments. The pull runs in a child
 *   process so the figure is the client's alone, not the in-process sandbox holding the data.
 */
import { Client } from "fhir-kit-client";
import type { Bundle } from "@medplum/fhirtypes";
import { createFhirClient } from "../connectors/fhir/client.js";
import { appointmentSearchParams, pullAppointments, type AppointmentWindow } from "../connectors/fhir/pull-appointments.js";
import { setLogLevel } from "../src/log.js";
import { startSandboxEhr } from "../src/sandbox/ehr-server.js";
import { childArgument, printChildFigures, spawnChildFigures } from "./child-figures.js";
import { runDirectly } from "./run-directly.js";
import type { BenchRow } from "./types.js";

const GROUP = "fhir";
const NOW = new Date("2030-03-01T08:00:00Z");
// Wide enough to hold every seeded appointment whatever spread the sandbox uses.
const WINDOW: AppointmentWindow = { from: new Date("2029-01-01T00:00:00Z"), to: new Date("2031-06-01T00:00:00Z"), pageSize: 100, now: NOW };

async function pullWithConnector(baseUrl: string): Promise<{ appointments: number; skipped: number }> {
  const client = createFhirClient({ baseUrl, timeoutMs: 60_000 });
  let appointments = 0;
  let skipped = 0;
  for await (const page of pullAppointments(client, WINDOW)) {
    appointments += page.appointments.length;
    skipped += page.skipped.length;
  }
  return { appointments, skipped };
}

async function pullRaw(baseUrl: string): Promise<number> {
  const client = new Client({ baseUrl });
  let page = (await client.search({ resourceType: "Appointment", searchParams: appointmentSearchParams(WINDOW) })) as unknown as Bundle;
  let appointments = 0;
  for (;;) {
    appointments += (page.entry ?? []).filter((e) => e.resource?.resourceType === "Appointment").length;
    const next = client.nextPage({ bundle: page as unknown as Parameters<Client["nextPage"]>[0]["bundle"] });
    if (!next) return appointments;
    page = (await next) as unknown as Bundle;
  }
}

async function time<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function rssAt(appointments: number, patients: number): Promise<BenchRow[]> {
  const sandbox = await startSandboxEhr({ port: 0, seed: 42, now: NOW, size: { patients, appointments } });
  try {
    const { rssMiB, appointments: pulled } = await spawnChildFigures<{ appointments: number }>(import.meta.url, sandbox.baseUrl, "pull");
    return [{ group: GROUP, name: `peak RSS pulling ${appointments.toLocaleString("en-US")} appointments`, value: rssMiB, unit: "MiB", note: `${pulled} mapped in a child process; ${patients.toLocaleString("en-US")} patients` }];
  } finally {
    await sandbox.close();
  }
}

export async function runFhirBench(): Promise<BenchRow[]> {
  setLogLevel("error");
  const rows: BenchRow[] = [];
  const sandbox = await startSandboxEhr({ port: 0, seed: 42, now: NOW, size: { patients: 2_000, appointments: 10_000 } });
  try {
    await pullRaw(sandbox.baseUrl); // warm up the server's caches and the JIT for both paths
    await pullWithConnector(sandbox.baseUrl);
    const raw: number[] = [];
    const connector: number[] = [];
    let counts = { appointments: 0, skipped: 0, raw: 0 };
    for (let i = 0; i < 3; i += 1) {
      const r = await time(() => pullRaw(sandbox.baseUrl));
      const c = await time(() => pullWithConnector(sandbox.baseUrl));
      raw.push(r.ms);
      connector.push(c.ms);
      counts = { ...c.result, raw: r.result };
    }
    const ratio = median(connector) / median(raw);
    rows.push(
      { group: GROUP, name: "raw fhir-kit-client loop, 10k appointments at _count=100", value: median(raw), unit: "ms", note: `${counts.raw} appointments, median of 3` },
      { group: GROUP, name: "connector pull (search + _include + map), same pages", value: median(connector), unit: "ms", note: `${counts.appointments} mapped, ${counts.skipped} skipped, median of 3` },
      { group: GROUP, name: "connector / raw time", value: ratio, unit: "×", target: "≤ 1.3", ok: ratio <= 1.3 },
    );
  } finally {
    await sandbox.close();
  }
  rows.push(...(await rssAt(10_000, 2_000)), ...(await rssAt(50_000, 10_000)));
  const [small, large] = rows.slice(-2);
  if (small && large) {
    const growth = large.value / small.value;
    rows.push({ group: GROUP, name: "peak RSS growth, 50k vs 10k appointments", value: growth, unit: "×", target: "≤ 1.5 (5× the data)", ok: growth <= 1.5 });
  }
  return rows;
}

const child = childArgument();
if (child !== undefined) void printChildFigures(() => pullWithConnector(child));
else runDirectly(import.meta.url, "fhir", runFhirBench);
