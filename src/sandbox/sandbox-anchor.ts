import { z } from "zod";
import { readJsonFile, writeJsonFile } from "./sandbox-files.js";
import { pickSandboxZone } from "./sandbox-zone.js";

/**
 * The sandbox's first start, written once to DATA_DIR/sandbox/anchor.json: the instant its
 * schedule is generated from and the zone its practice sits in. Later starts read it back, so a
 * restart moves no appointment and changes no zone.
 */
const anchorSchema = z.object({ anchor: z.string().datetime(), timeZone: z.string().min(1), why: z.string() });

export interface SandboxAnchor {
  anchor: Date;
  timeZone: string;
  why: string;
  /** True when this start wrote the anchor (the first start, or the first after a reset). */
  firstStart: boolean;
}

export function loadOrCreateAnchor(file: string, now: Date): SandboxAnchor {
  const saved = readJsonFile(file);
  if (saved !== undefined) {
    const parsed = anchorSchema.safeParse(saved);
    if (!parsed.success) throw new Error(`The sandbox file ${file} is damaged; start over with \`npx minnow sandbox reset\``);
    return { anchor: new Date(parsed.data.anchor), timeZone: parsed.data.timeZone, why: parsed.data.why, firstStart: false };
  }
  const zone = pickSandboxZone(now);
  writeJsonFile(file, { anchor: now.toISOString(), timeZone: zone.timeZone, why: zone.why });
  return { anchor: now, ...zone, firstStart: true };
}
