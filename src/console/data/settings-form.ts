import type { PracticeConfig } from "../../config/practice.js";
import { practiceConfigSchema } from "../../config/practice-schema.js";
import type { FieldErrors, FormValues } from "../forms.js";
import { list, text } from "../forms.js";
import { settingsErrorWords } from "./settings-errors.js";

/**
 * The settings the console edits, as form fields named by their config path. A submitted form is
 * merged into the stored config as written and checked with the config file's own zod schema, so
 * the form accepts exactly what the file would; each field's error is said in plain words
 * (settings-errors.ts).
 */
export const SETTINGS_FIELDS = [
  "reminders.touches",
  "reminders.replyTouch",
  "reminders.allowCancelByText",
  "waitlist.batchSize",
  "waitlist.holdMinutes",
  "waitlist.cutoffHours",
  "waitlist.maxOffersPerWeek",
  "payments.cadenceDays",
  "caps.perDay",
  "caps.perWeek",
  "retention.messageBodyDays",
  "retention.auditDays",
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

const LISTS: ReadonlySet<SettingsField> = new Set(["reminders.touches", "payments.cadenceDays"]);

/** The form's values for the settings in force ("72h, 24h" for a list). */
export function settingsValues(config: PracticeConfig): FormValues {
  const values: FormValues = {};
  for (const field of SETTINGS_FIELDS) {
    const [section = "", key = ""] = field.split(".");
    const value = (config as unknown as Record<string, Record<string, unknown>>)[section]?.[key];
    values[field] = Array.isArray(value) ? value.join(", ") : typeof value === "boolean" ? (value ? "on" : "") : String(value ?? "");
  }
  return values;
}

/** A typed number becomes a number; anything else stays text, for the schema to refuse in its words. */
const numberOrText = (raw: string): number | string => (raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw.trim());

function fieldValue(values: FormValues, field: SettingsField): unknown {
  if (field === "reminders.allowCancelByText") return list(values, field).includes("on");
  const raw = text(values, field);
  if (field === "reminders.touches") return raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (field === "payments.cadenceDays") return raw.split(",").map((s) => s.trim()).filter(Boolean).map(numberOrText);
  if (field === "reminders.replyTouch") return raw.trim();
  return numberOrText(raw);
}

export type SettingsResult = { ok: true; raw: Record<string, unknown>; changed: SettingsField[] } | { ok: false; errors: FieldErrors };

/** The stored config as written with the form's settings merged in, checked whole. */
export function applySettingsForm(base: Record<string, unknown>, current: PracticeConfig, values: FormValues): SettingsResult {
  const raw: Record<string, unknown> = structuredClone(base);
  const before = settingsValues(current);
  const changed: SettingsField[] = [];
  for (const field of SETTINGS_FIELDS) {
    const [section = "", key = ""] = field.split(".");
    const value = fieldValue(values, field);
    const shown = Array.isArray(value) ? value.join(", ") : typeof value === "boolean" ? (value ? "on" : "") : String(value);
    if (shown === before[field]) continue;
    changed.push(field);
    raw[section] = { ...((raw[section] as Record<string, unknown> | undefined) ?? {}), [key]: value };
  }
  const parsed = practiceConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, raw, changed };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.slice(0, 2).map(String).join(".");
    const field = (SETTINGS_FIELDS as readonly string[]).includes(path) ? path : "form";
    if (field === "form") {
      errors.form ??= issue.message;
      continue;
    }
    const typed = text(values, field);
    const item = LISTS.has(field as SettingsField) && issue.path.length > 2 ? typed.split(",").map((s) => s.trim()).filter(Boolean)[Number(issue.path[2])] : undefined;
    errors[field] ??= settingsErrorWords(field as SettingsField, issue, item ?? typed);
  }
  return { ok: false, errors };
}
