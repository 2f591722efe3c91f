/**
 * The HL7 SIU feed: 10,000 messages (S12, S13, S15) sent over MLLP, one at a time as an
 * interface engine sends them, each committed before its AA, then applied through the sync path
 * (reminder plans and waitlist fills journaled). Runs in a child process so its peak RSS is the
 * feed's own (bench/hl7-feed.ts).
 */
import { execFileSync } from "node:child_process";
import { runDirectly } from "./run-directly.js";
import type { BenchRow } from "./types.js";

interface FeedFigures {
  messages: number;
  notAa: number;
  ackSeconds: number;
  appliedSeconds: number;
  peakRssMb: number;
  statuses: Record<string, number>;
  runs: Record<string, number>;
}

export async function runHl7Bench(): Promise<BenchRow[]> {
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench/hl7-feed.ts"], { encoding: "utf8", maxBuffer: 16 * 2 ** 20 });
  const f = JSON.parse(out.trim().split("\n").pop() ?? "{}") as FeedFigures;
  const group = "hl7";
  const mix = `${f.messages} messages (S12 50%, S13 30%, S15 20%), one MLLP connection, SQLite`;
  return [
    { group, name: "messages acknowledged AA per second (each committed before its ACK)", value: Math.round(f.messages / f.ackSeconds), unit: "/s", note: `${mix}; ${f.notAa} not AA` },
    { group, name: "messages applied per second, end to end (ACK + apply through the sync path)", value: Math.round(f.messages / f.appliedSeconds), unit: "/s", note: `applied ${f.statuses.applied ?? 0}, stale ${f.statuses.stale ?? 0}, failed ${f.statuses.failed ?? 0}; runs started: ${Object.entries(f.runs).map(([w, n]) => `${w} ${n}`).join(", ")}` },
    { group, name: "peak RSS of the feed process", value: Math.round(f.peakRssMb), unit: "MB", note: "listener, store, engine journal and the sending client in one process" },
  ];
}

runDirectly(import.meta.url, "hl7", runHl7Bench);
