import { addDays, startOfWeek } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { dayKey } from "../time.js";

/**
 * The shape of an Insights chart, and the days or weeks it counts over (in the practice's zone).
 * Values are aggregates only: a count, a rate or a median, never a patient.
 */
export type Bucket = "day" | "week";

export interface Series {
  label: string;
  /** One value per bucket; null where there is nothing to measure (a rate with no appointments). */
  values: Array<number | null>;
}

export interface Chart {
  id: string;
  title: string;
  /** What the numbers mean, in words, under the chart. */
  about: string;
  /** The chart's answer over the whole range, in one sentence. */
  summary?: string;
  kind: "count" | "percent" | "minutes";
  /** Side-by-side bars, for series that compare (before and with); lines by default when there are several. */
  bars?: boolean;
  series: Series[];
}

export interface Insights {
  buckets: string[];
  charts: Chart[];
}

/** The bucket (a day, or the Monday of its week, in the practice's zone) an instant falls in. */
export function bucketOf(at: Date, bucket: Bucket, zone: string): string {
  if (bucket === "day") return dayKey(at, zone);
  return dayKey(startOfWeek(new TZDate(at.getTime(), zone), { weekStartsOn: 1 }), zone);
}

export function bucketsBetween(from: Date, to: Date, bucket: Bucket, zone: string): string[] {
  const keys: string[] = [];
  for (let at = from; at < to; at = addDays(at, 1)) {
    const key = bucketOf(at, bucket, zone);
    if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return keys;
}
