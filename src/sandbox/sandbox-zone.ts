import { TZDate } from "@date-fns/tz";
import { PRACTICE_TIME_ZONE } from "./seed-schedule.js";

/**
 * Where the sandbox practice sits. Its home is Chicago; started when it is night there, every
 * reminder would wait for the morning (quiet hours are never bent, and a newcomer would see
 * nothing happen). So the first start places the practice and its patients (each with an explicit
 * time zone) in the first zone of this list where it is daytime: the real rules then allow texts.
 * Daytime is 09:00 to 17:00, which leaves hours of sending before 21:00, and starts after the
 * strictest states' 09:00 opening.
 */
const CANDIDATE_ZONES: readonly string[] = [
  PRACTICE_TIME_ZONE,
  "America/New_York",
  "America/Denver",
  "America/Los_Angeles",
  "Pacific/Honolulu",
  "Pacific/Guam",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "Europe/Berlin",
  "Europe/London",
  "America/Sao_Paulo",
];
const DAY_STARTS = 9;
const DAY_ENDS = 17;

export interface SandboxZone {
  timeZone: string;
  /** One sentence for the first start's banner: which zone, and why. */
  why: string;
}

function localHour(now: Date, timeZone: string): number {
  const local = new TZDate(now, timeZone);
  return local.getHours() + local.getMinutes() / 60;
}

function clockTime(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(now);
}

export function isDaytime(now: Date, timeZone: string): boolean {
  const hour = localHour(now, timeZone);
  return hour >= DAY_STARTS && hour < DAY_ENDS;
}

export function pickSandboxZone(now: Date): SandboxZone {
  const home = PRACTICE_TIME_ZONE;
  if (isDaytime(now, home)) return { timeZone: home, why: `It is ${clockTime(now, home)} in ${home}, daytime, so the sandbox practice stays there.` };
  const zone = CANDIDATE_ZONES.find((z) => isDaytime(now, z));
  // The candidates cover every hour of the day; this only guards a list edited badly.
  if (!zone) throw new Error("No sandbox zone has daytime now: src/sandbox/sandbox-zone.ts must list zones covering every hour");
  return {
    timeZone: zone,
    why: `It is ${clockTime(now, home)} in ${home}, outside the hours texts may go (8:00 AM to 9:00 PM in the patient's zone), so the sandbox practice and its patients were placed in ${zone}, where it is ${clockTime(now, zone)}. Quiet hours apply there as anywhere.`,
  };
}
