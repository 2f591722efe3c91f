/**
 * `npm run bench [-- group ...] [--write]`: runs the benchmark groups and prints one table. A full
 * run writes it to docs/QUALITY.md; a run of some groups with `--write` replaces only their rows
 * there (bench/quality-file.ts). That file is generated here and never edited by hand.
 */
import { mergeQuality, writeFullQuality } from "./quality-file.js";
import { renderTable } from "./table.js";
import type { BenchGroup, BenchRow } from "./types.js";

const groups: Record<string, () => Promise<BenchGroup>> = {
  engine: async () => (await import("./engine.js")).runEngineBench,
  fhir: async () => (await import("./fhir.js")).runFhirBench,
  "fhir-export": async () => (await import("./fhir-export.js")).runFhirExportBench,
  inbound: async () => (await import("./inbound.js")).runInboundBench,
  fanout: async () => (await import("./fanout.js")).runFanoutBench,
  waitlist: async () => (await import("./waitlist.js")).runWaitlistBench,
  hl7: async () => (await import("./hl7.js")).runHl7Bench,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = asked.filter((g) => !(g in groups));
  if (unknown.length) {
    console.error(`Unknown benchmark group(s): ${unknown.join(", ")}. Known: ${Object.keys(groups).join(", ")}.`);
    process.exit(2);
  }
  const chosen = asked.length ? asked : Object.keys(groups);
  const rows: BenchRow[] = [];
  for (const name of chosen) {
    console.error(`== bench ${name} ...`);
    const load = groups[name];
    if (!load) continue;
    const run = await load();
    rows.push(...(await run()));
  }
  console.log(renderTable(rows));
  if (!asked.length) writeFullQuality(rows);
  else if (process.argv.includes("--write")) mergeQuality(rows);
  else return;
  console.error("wrote docs/QUALITY.md");
}

main().catch((err: unknown) => {
  console.error("bench failed:", err);
  process.exit(1);
});
