import type { BenchRow } from "./types.js";

function formatValue(row: BenchRow): string {
  const digits = Math.abs(row.value) >= 100 ? 0 : Math.abs(row.value) >= 10 ? 1 : 2;
  return `${row.value.toFixed(digits)} ${row.unit}`.trim();
}

function verdict(row: BenchRow): string {
  if (row.ok === undefined) return "";
  return row.ok ? "met" : "NOT MET";
}

/** Renders the rows as one Markdown table. */
export function renderTable(rows: BenchRow[]): string {
  const header = "| group | figure | value | target | result | note |\n|---|---|---|---|---|---|";
  const lines = rows.map((r) => `| ${r.group} | ${r.name} | ${formatValue(r)} | ${r.target ?? ""} | ${verdict(r)} | ${r.note ?? ""} |`);
  return [header, ...lines].join("\n");
}
