/**
 * Bulk Data export figures (`npm run bench -- fhir-export`, or `npx tsx bench/fhir-export.ts`):
 * a 50,000-appointment, 10,000-patient export from the sandbox EHR, pulled by the connector
 * (kick-off, status poll, NDJSON streamed line by line, mapped a page at a time) in a child process,
 * so the peak RSS is the client's alone and not the in-process sandbox holding the data.
 */
import { loadavg } from "node:os";
import { pullExport } from "../connectors/fhir/bulk-export/pull-export.js";
import { createFhirClient } from "../connectors/fhir/client.js";
import { setLogLevel } from "../src/log.js";
import { startSandboxEhr } from "../src/sandbox/ehr-server.js";
import { childArgument, printChildFigures, spawnChildFigures } from "./child-figures.js";
import { runDirectly } from "./run-directly.js";
import type { BenchRow } from "./types.js";

const GROUP = "fhir-export";
const NOW = new Date("2030-03-01T08:00:00Z");
const SIZE = { patients: 10_000, appointments: 50_000 };

interface ChildFigures {
  rssMiB: number;
  appointments: number;
  skipped: number;
  seconds: number;
}

async function pullAll(baseUrl: string): Promise<Omit<ChildFigures, "rssMiB">> {
  const client = createFhirClient({ baseUrl, timeoutMs: 60_000 });
  const started = performance.now();
  let appointments = 0;
  let skipped = 0;
  for await (const page of pullExport(client, { from: new Date("2029-01-01T00:00:00Z"), now: NOW, onComplete: async () => undefined })) {
    appointments += page.appointments.length;
    skipped += page.skipped.length;
  }
  return { appointments, skipped, seconds: (performance.now() - started) / 1000 };
}

export async function runFhirExportBench(): Promise<BenchRow[]> {
  setLogLevel("error");
  const sandbox = await startSandboxEhr({ port: 0, seed: 42, now: NOW, size: SIZE, exports: { pollsBeforeReady: 1, retryAfterSeconds: 0 } });
  try {
    const load = loadavg()[0]?.toFixed(1) ?? "?";
    const f = await spawnChildFigures<Omit<ChildFigures, "rssMiB">>(import.meta.url, sandbox.baseUrl, "export");
    const total = f.appointments + f.skipped;
    const rate = total / f.seconds;
    const note = `${f.appointments} mapped + ${f.skipped} skipped in ${f.seconds.toFixed(1)} s, ${SIZE.patients.toLocaleString("en-US")} patients, files of 10,000 lines (5 Appointment, 1 Patient); load average ${load} on 2 cores when measured`;
    return [
      { group: GROUP, name: "$export of 50,000 appointments: appointments/s (kick-off → last page mapped)", value: rate, unit: "/s", target: "≥ 5,000/s", ok: rate >= 5_000, note },
      { group: GROUP, name: "$export of 50,000 appointments: peak RSS of the pulling process", value: f.rssMiB, unit: "MiB", target: "≤ 300 MiB", ok: f.rssMiB <= 300, note: "NDJSON read a line at a time; patients kept as contact fields only" },
    ];
  } finally {
    await sandbox.close();
  }
}

const child = childArgument();
if (child !== undefined) void printChildFigures(() => pullAll(child));
else runDirectly(import.meta.url, "fhir-export", runFhirExportBench);
