import Database from "better-sqlite3";
import { runFanout } from "./fanout-run.js";
const counts = new Map<string, { n: number; ms: number }>();
const origPrepare = (Database.prototype as any).prepare;
(Database.prototype as any).prepare = function (src: string) {
  const stmt = origPrepare.call(this, src);
  for (const m of ["run", "all", "get", "iterate"]) {
    const f = stmt[m];
    if (typeof f !== "function") continue;
    stmt[m] = function (...a: unknown[]) {
      const t = performance.now();
      try { return f.apply(stmt, a); } finally {
        const key = src.replace(/\s+/g, " ").slice(0, 140);
        const c = counts.get(key) ?? { n: 0, ms: 0 }; c.n++; c.ms += performance.now() - t; counts.set(key, c);
      }
    };
  }
  return stmt;
};
const n = Number(process.argv[2] ?? 500);
const r = await runFanout(n);
console.log(JSON.stringify(r));
const rows = [...counts.entries()].sort((a, b) => b[1].ms - a[1].ms);
let total = 0, tms = 0; for (const [, c] of rows) { total += c.n; tms += c.ms; }
console.log("statements", total, "per reminder", (total / n).toFixed(1), "ms", tms.toFixed(0));
for (const [k, c] of rows.slice(0, 60)) console.log((c.n / n).toFixed(2).padStart(6), c.ms.toFixed(0).padStart(6), k);
process.exit(0);
