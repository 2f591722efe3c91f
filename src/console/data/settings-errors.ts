import type { z } from "zod";
import type { SettingsField } from "./settings-form.js";

/**
 * The settings form's errors in plain words, beside each field: what is wrong with what was typed
 * and what to type instead ("The most texts a week can be at most 20; you entered 40"), never the
 * schema's wording ("Too big: expected number to be <=20"). The check itself stays the config
 * file's zod schema, so the form and the file accept exactly the same values.
 */
type Issue = z.core.$ZodIssue;

const NAMES: Record<SettingsField, string> = {
  "reminders.touches": "each reminder time",
  "reminders.replyTouch": "the reminder that asks for a reply",
  "reminders.allowCancelByText": "cancelling by text",
  "waitlist.batchSize": "the patients offered an opening at once",
  "waitlist.holdMinutes": "the minutes an offer is held",
  "waitlist.cutoffHours": "the hours before an opening when offers stop",
  "waitlist.maxOffersPerWeek": "the most offers a patient gets in a week",
  "payments.cadenceDays": "each day after the statement",
  "caps.perDay": "the most texts a day",
  "caps.perWeek": "the most texts a week",
  "retention.messageBodyDays": "the days message text is kept",
  "retention.auditDays": "the days the audit log is kept",
};

/** Why a limit is what it is, where the law sets it. */
const WHY: Partial<Record<SettingsField, string>> = { "retention.auditDays": " (six years, as HIPAA requires)" };

const DURATIONS: ReadonlySet<SettingsField> = new Set(["reminders.touches", "reminders.replyTouch"]);

const capitalized = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

function limit(issue: Issue): number | bigint | undefined {
  if (issue.code === "too_big") return issue.maximum;
  if (issue.code === "too_small") return issue.minimum;
  return undefined;
}

/** One field's error in words; `typed` is what the person typed in that field (or that list item). */
export function settingsErrorWords(field: SettingsField, issue: Issue, typed: string): string {
  const name = NAMES[field];
  const shown = typed.trim();
  if (issue.code === "too_small" && issue.origin === "array") return DURATIONS.has(field) ? 'Enter at least one reminder time, like "72h"' : 'Enter at least one day, like "0"';
  if (DURATIONS.has(field)) {
    return shown ? `"${shown}" is not a time before the appointment. Write it like "72h" (hours), "2d" (days) or "90m" (minutes)` : 'Enter a time before the appointment, like "24h"';
  }
  if (issue.code === "too_big") return `${capitalized(name)} can be at most ${String(limit(issue))}; you entered ${shown}`;
  if (issue.code === "too_small") return `${capitalized(name)} must be at least ${String(limit(issue))}${WHY[field] ?? ""}; you entered ${shown}`;
  if (issue.code === "invalid_type" && issue.expected === "int") return `Enter ${name} as a whole number, without decimals; you entered ${shown}`;
  if (issue.code === "invalid_type" && issue.expected === "number") return shown ? `Enter ${name} as a number; "${shown}" is not one` : `Enter ${name}: it cannot be left empty`;
  if (issue.code === "invalid_type" && issue.expected === "boolean") return `Tick or clear ${name}`;
  // A rule added to the schema later still reads as a sentence, with the field named.
  return `${capitalized(name)}: ${issue.message}`;
}
