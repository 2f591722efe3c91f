/**
 * The federal and state quiet-hour table (data/state-quiet-hours.json), validated
 * at load, and the merge that turns "these states apply" into one daily window.
 */
import { z } from "zod";
import table from "./data/state-quiet-hours.json" with { type: "json" };
import usStates from "./data/us-states.json" with { type: "json" };
import { isUsFederalHoliday } from "./us-holidays.js";

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");
const windowSchema = z.tuple([clock, clock]);
const stateRuleSchema = z.object({
  window: windowSchema,
  saturday: windowSchema.nullable().optional(),
  sunday: windowSchema.nullable().optional(),
  holidays: z.enum(["closed", "allowed"]).optional(),
  sources: z.array(z.string().min(1)).min(1),
});
const tableSchema = z.object({
  federal: z.object({ window: windowSchema, sources: z.array(z.string()).min(1) }),
  states: z.record(z.string().regex(/^[A-Z]{2}$/), stateRuleSchema),
});

export type StateQuietHourRule = z.infer<typeof stateRuleSchema>;

const rules = tableSchema.parse(table);
const stateCodeByName = new Map(
  Object.entries(usStates.states).map(([name, code]) => [name.toLowerCase(), code] as const),
);
const knownCodes = new Set(stateCodeByName.values());

/** A local calendar day: the unit quiet-hour rules speak in. */
export interface LocalDay {
  year: number;
  month0: number;
  day: number;
  /** 0 = Sunday */
  dayOfWeek: number;
}

/** Minutes after local midnight; [start, end). */
export interface DailyWindow {
  startMinute: number;
  endMinute: number;
}

function toMinutes(hhmm: string): number {
  const [hours = "0", minutes = "0"] = hhmm.split(":");
  return Number(hours) * 60 + Number(minutes);
}

function ruleWindowFor(rule: StateQuietHourRule, day: LocalDay): readonly [string, string] | null {
  if (rule.holidays === "closed" && isUsFederalHoliday(day.year, day.month0, day.day)) return null;
  if (day.dayOfWeek === 0 && rule.sunday !== undefined) return rule.sunday;
  if (day.dayOfWeek === 6 && rule.saturday !== undefined) return rule.saturday;
  return rule.window;
}

/**
 * The strictest window of federal and every given state's rule on that local day,
 * or null when sending is forbidden all day. Unknown state codes add nothing.
 */
export function dailySendWindow(stateCodes: readonly string[], day: LocalDay): DailyWindow | null {
  let startMinute = toMinutes(rules.federal.window[0]);
  let endMinute = toMinutes(rules.federal.window[1]);
  for (const code of stateCodes) {
    const rule = rules.states[code];
    if (!rule) continue;
    const window = ruleWindowFor(rule, day);
    if (!window) return null;
    startMinute = Math.max(startMinute, toMinutes(window[0]));
    endMinute = Math.min(endMinute, toMinutes(window[1]));
  }
  return startMinute < endMinute ? { startMinute, endMinute } : null;
}

/** "FL", "fl", "Florida", "Chicago, IL", "Washington State" -> "FL"/"IL"/"WA"; undefined when unknown. */
export function toStateCode(nameOrCode: string | undefined): string | undefined {
  if (!nameOrCode) return undefined;
  const trimmed = nameOrCode.trim();
  const upper = trimmed.toUpperCase();
  if (knownCodes.has(upper)) return upper;
  const byName = stateCodeByName.get(trimmed.toLowerCase());
  if (byName) return byName;
  // The geocoder prints cities as "Chicago, IL": the state is the last part.
  const lastPart = trimmed.split(",").pop()?.trim();
  return lastPart && lastPart !== trimmed ? toStateCode(lastPart) : undefined;
}

export function stateQuietHourRule(code: string): StateQuietHourRule | undefined {
  return rules.states[code];
}
