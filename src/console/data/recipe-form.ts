import type { z } from "zod";
import { RecipeSchema, type Recipe } from "../../automations/recipe.js";
import type { FieldErrors } from "../forms.js";
import { scheduleToCron } from "./cron-words.js";
import type { ConditionsDraft, RecipeDraft, StepDraft } from "./recipe-draft.js";

/**
 * The editor's draft as a `Recipe`: only the fields a step's kind uses, lists split at commas,
 * the schedule turned into cron, then the recipe's own zod schema. A refusal names each field
 * (by its form name) in plain words, so the page shows it beside the field with the draft intact.
 */
export type DraftResult = { ok: true; recipe: Recipe } | { ok: false; errors: FieldErrors };

const items = (typed: string) =>
  typed
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);

function stepInput(step: StepDraft): Record<string, unknown> {
  const base = { id: step.id, kind: step.kind };
  switch (step.kind) {
    case "wait":
      return { ...base, duration: step.duration.trim().replace(/\s+/g, ""), from: step.from, direction: step.direction };
    case "send":
      return { ...base, purpose: step.purpose, template: Object.fromEntries(Object.entries(step.body).map(([lang, body]) => [lang, body.trim()]).filter(([, body]) => body)) };
    case "write_back":
      return { ...base, write: step.write };
    case "emit":
      return { ...base, event: step.event.trim(), fields: step.fields };
    case "waitlist":
      return { ...base, action: step.action };
    case "inbox":
      return { ...base, note: step.note.trim() };
    case "wait_for_reply":
      return { ...base, within: step.within.trim().replace(/\s+/g, ""), branches: step.branches.map((b) => ({ intent: b.intent, steps: b.steps.map(stepInput) })), timeout: step.timeout.map(stepInput) };
    default:
      return base;
  }
}

function conditionsInput(c: ConditionsDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const listed = (key: string, values: string[]) => {
    if (values.length) out[key] = values;
  };
  listed("appointmentTypes", items(c.appointmentTypes));
  listed("locations", c.locations);
  listed("practitioners", items(c.practitioners));
  listed("languages", c.languages);
  listed("reasonCodes", items(c.reasonCodes));
  if (c.patient) out.patient = c.patient;
  const moreThan = c.lastVisitMoreThan.trim().replace(/\s+/g, "");
  const lessThan = c.lastVisitLessThan.trim().replace(/\s+/g, "");
  if (moreThan || lessThan) out.lastVisit = { ...(moreThan ? { moreThan } : {}), ...(lessThan ? { lessThan } : {}) };
  return out;
}

/** Every step with the form name of its id field, inner steps included. */
function stepIds(steps: StepDraft[], prefix: string): Array<{ id: string; field: string }> {
  return steps.flatMap((step, i) => {
    const at = `${prefix}.${i}`;
    return [{ id: step.id, field: `${at}.id` }, ...step.branches.flatMap((b, j) => stepIds(b.steps, `${at}.branches.${j}.steps`)), ...stepIds(step.timeout, `${at}.timeout`)];
  });
}

const DURATION = "Write how long as a number and a unit, like 90m, 24h or 3d";

/** The form field a zod issue belongs to. */
export function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  const parts = path.map(String);
  const joined = parts.join(".");
  if (parts[0] === "conditions") {
    if (parts[1] === "lastVisit") return parts[2] === "lessThan" ? "conditions.lastVisitLessThan" : "conditions.lastVisitMoreThan";
    return `conditions.${parts[1] ?? ""}`;
  }
  const template = parts.indexOf("template");
  if (template >= 0) return `${parts.slice(0, template).join(".")}.body.${parts[template + 1] ?? "en"}`;
  const fields = parts.lastIndexOf("fields");
  if (fields >= 0 && fields === parts.length - 2) return parts.slice(0, -1).join(".");
  return joined || "form";
}

/** A zod issue in the words a practice manager reads, for the field it is about. */
export function plainMessage(issue: z.core.$ZodIssue): string {
  const last = String(issue.path.at(-1) ?? "");
  const parent = String(issue.path.at(-2) ?? "");
  if (["duration", "within", "moreThan", "lessThan"].includes(last)) return DURATION;
  if (issue.code === "custom" || issue.code === "invalid_format") return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  const words: Record<string, string> = {
    name: "Give the automation a name (up to 80 characters)",
    description: "Keep the description under 400 characters",
    id: "Give the step a short name: lower-case letters, digits and dashes, like send-1",
    purpose: "Choose what the text is for",
    template: "Write the English text of the message",
    en: "Write the English text of the message (up to 1,600 characters)",
    es: "Keep the Spanish text under 1,600 characters",
    from: "Choose what the wait counts from",
    direction: "Choose before or after",
    write: "Choose what to write back",
    event: "Name the event: lower-case letters, digits and underscores",
    action: "Choose add or remove",
    note: "Write the note for staff (up to 200 characters)",
    intent: "Choose which reply this branch is for",
    kind: "Choose a kind of step",
    steps: "Add at least one step",
    branches: "Add at least one reply branch",
    on: "Choose what starts the automation",
    cron: "Write five parts separated by spaces, like 0 10 * * 1",
    patient: "Choose new, returning or any patient",
  };
  return words[last] ?? words[parent] ?? issue.message;
}

/** The draft as a recipe, or each field's problem in words. */
export function draftToRecipe(draft: RecipeDraft): DraftResult {
  const errors: FieldErrors = {};
  const trigger: Record<string, unknown> = { on: draft.trigger.on };
  if (draft.trigger.on === "reply.received") trigger.intent = draft.trigger.intent;
  if (draft.trigger.on === "schedule") {
    const schedule = scheduleToCron(draft.trigger);
    if (schedule.ok) trigger.cron = schedule.cron;
    else errors[`trigger.${schedule.field}`] = schedule.message;
  }
  const seen = new Set<string>();
  for (const { id, field } of stepIds(draft.steps, "steps")) {
    if (id && seen.has(id)) errors[field] = `Another step is already called "${id}"; give each step its own short name`;
    seen.add(id);
  }
  const parsed = RecipeSchema.safeParse({ name: draft.name.trim(), description: draft.description.trim(), trigger, conditions: conditionsInput(draft.conditions), steps: draft.steps.map(stepInput) });
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, recipe: parsed.data };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    if (issue.path.length === 0 && issue.code === "custom" && /used twice/.test(issue.message)) continue;
    const field = fieldOf(issue.path);
    // A schedule that could not become cron is reported once, at the field that is wrong.
    if (field.startsWith("trigger.") && Object.keys(errors).some((name) => name.startsWith("trigger."))) continue;
    errors[field] ??= plainMessage(issue);
  }
  return { ok: false, errors };
}
