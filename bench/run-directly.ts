import { pathToFileURL } from "node:url";
import { renderTable } from "./table.js";
import type { BenchRow } from "./types.js";

/** True when the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Lets a bench group run on its own (`npx tsx bench/<group>.ts`): prints its table, exits 1 on failure. */
export function runDirectly(moduleUrl: string, label: string, run: () => Promise<BenchRow[]>): void {
  if (!isMainModule(moduleUrl)) return;
  run().then(
    (rows) => console.log(renderTable(rows)),
    (err: unknown) => {
      console.error(`${label} bench failed:`, err);
      process.exit(1);
    },
  );
}
