import type { FormValues } from "../forms.js";
import { list, text } from "../forms.js";
import type { Recipe, RecipeSimpleStep, RecipeStep } from "../../automations/recipe.js";
import { cronToSchedule, type ScheduleDraft } from "./cron-words.js";

/**
 * The automation editor's form as typed: every field kept as text, in the recipe's shape, so a
 * form that fails to save shows again exactly as it was. Field names are the draft's paths
 * ("steps.0.branches.1.steps.0.duration"); `readDraft` reads them back, `recipeToDraft` fills
 * them from a stored recipe. Turning a draft into a `Recipe` is recipe-form.ts.
 */
export interface StepDraft {
  id: string;
  kind: string;
  /** wait */
  duration: string;
  from: string;
  direction: string;
  /** send: the purpose and one body per language ("en", "es"). */
  purpose: string;
  body: Record<string, string>;
  /** write_back */
  write: string;
  /** emit */
  event: string;
  fields: string[];
  /** waitlist */
  action: string;
  /** inbox */
  note: string;
  /** wait_for_reply */
  within: string;
  branches: BranchDraft[];
  timeout: StepDraft[];
}

export interface BranchDraft {
  intent: string;
  steps: StepDraft[];
}

export interface TriggerDraft extends ScheduleDraft {
  on: string;
  intent: string;
}

export interface ConditionsDraft {
  /** Comma-separated lists as typed. */
  appointmentTypes: string;
  locations: string[];
  practitioners: string;
  languages: string[];
  /** "", "new" or "returning". */
  patient: string;
  lastVisitMoreThan: string;
  lastVisitLessThan: string;
  reasonCodes: string;
}

export interface RecipeDraft {
  name: string;
  description: string;
  trigger: TriggerDraft;
  conditions: ConditionsDraft;
  steps: StepDraft[];
}

export function emptyStep(kind: string, id: string): StepDraft {
  return { id, kind, duration: "", from: "trigger", direction: "after", purpose: "", body: {}, write: "", event: "", fields: [], action: "", note: "", within: "", branches: [], timeout: [] };
}

export function emptyDraft(): RecipeDraft {
  return {
    name: "",
    description: "",
    trigger: { on: "appointment.no_show", intent: "reschedule", ...cronToSchedule("0 10 * * 1") },
    conditions: { appointmentTypes: "", locations: [], practitioners: "", languages: [], patient: "", lastVisitMoreThan: "", lastVisitLessThan: "", reasonCodes: "" },
    steps: [],
  };
}

/** The indexes present under `prefix` (fields named `${prefix}.${i}.${marker}`), in order. */
function indexesUnder(values: FormValues, prefix: string, marker: string): number[] {
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)\\.${marker}$`);
  const found = new Set<number>();
  for (const name of Object.keys(values)) {
    const match = pattern.exec(name);
    if (match?.[1] !== undefined) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function readStep(values: FormValues, at: string): StepDraft {
  const field = (name: string) => text(values, `${at}.${name}`);
  const body: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    if (name.startsWith(`${at}.body.`)) body[name.slice(at.length + 6)] = text(values, name);
  }
  return {
    id: field("id").trim(),
    kind: field("kind"),
    duration: field("duration"),
    from: field("from"),
    direction: field("direction"),
    purpose: field("purpose"),
    body,
    write: field("write"),
    event: field("event"),
    fields: list(values, `${at}.fields`),
    action: field("action"),
    note: field("note"),
    within: field("within"),
    branches: indexesUnder(values, `${at}.branches`, "intent").map((i) => ({
      intent: text(values, `${at}.branches.${i}.intent`),
      steps: readSteps(values, `${at}.branches.${i}.steps`),
    })),
    timeout: readSteps(values, `${at}.timeout`),
  };
}

function readSteps(values: FormValues, prefix: string): StepDraft[] {
  return indexesUnder(values, prefix, "kind").map((i) => readStep(values, `${prefix}.${i}`));
}

/** The draft a posted editor form holds (fields that are absent read as empty). */
export function readDraft(values: FormValues): RecipeDraft {
  const t = (name: string) => text(values, name);
  return {
    name: t("name"),
    description: t("description"),
    trigger: { on: t("trigger.on"), intent: t("trigger.intent"), every: t("trigger.every"), time: t("trigger.time"), weekday: t("trigger.weekday"), monthDay: t("trigger.monthDay"), cron: t("trigger.cron") },
    conditions: {
      appointmentTypes: t("conditions.appointmentTypes"),
      locations: list(values, "conditions.locations"),
      practitioners: t("conditions.practitioners"),
      languages: list(values, "conditions.languages"),
      patient: t("conditions.patient"),
      lastVisitMoreThan: t("conditions.lastVisitMoreThan"),
      lastVisitLessThan: t("conditions.lastVisitLessThan"),
      reasonCodes: t("conditions.reasonCodes"),
    },
    steps: readSteps(values, "steps"),
  };
}

function simpleStepDraft(step: RecipeSimpleStep): StepDraft {
  const draft = emptyStep(step.kind, step.id);
  switch (step.kind) {
    case "wait":
      return { ...draft, duration: step.duration, from: step.from, direction: step.direction };
    case "send":
      return { ...draft, purpose: step.purpose, body: { ...step.template } };
    case "write_back":
      return { ...draft, write: step.write };
    case "emit":
      return { ...draft, event: step.event, fields: [...step.fields] };
    case "waitlist":
      return { ...draft, action: step.action };
    case "inbox":
      return { ...draft, note: step.note };
    case "stop":
      return draft;
  }
}

function stepDraft(step: RecipeStep): StepDraft {
  if (step.kind !== "wait_for_reply") return simpleStepDraft(step);
  return {
    ...emptyStep(step.kind, step.id),
    within: step.within,
    branches: step.branches.map((b) => ({ intent: b.intent, steps: b.steps.map(simpleStepDraft) })),
    timeout: step.timeout.map(simpleStepDraft),
  };
}

const joined = (items: readonly string[] | undefined) => (items ?? []).join(", ");

/** A stored recipe as the editor's fields. */
export function recipeToDraft(recipe: Recipe): RecipeDraft {
  const { trigger, conditions } = recipe;
  const schedule = cronToSchedule(trigger.on === "schedule" ? trigger.cron : "0 10 * * 1");
  return {
    name: recipe.name,
    description: recipe.description,
    trigger: { on: trigger.on, intent: trigger.on === "reply.received" ? trigger.intent : "reschedule", ...schedule },
    conditions: {
      appointmentTypes: joined(conditions.appointmentTypes),
      locations: [...(conditions.locations ?? [])],
      practitioners: joined(conditions.practitioners),
      languages: [...(conditions.languages ?? [])],
      patient: conditions.patient ?? "",
      lastVisitMoreThan: conditions.lastVisit?.moreThan ?? "",
      lastVisitLessThan: conditions.lastVisit?.lessThan ?? "",
      reasonCodes: joined(conditions.reasonCodes),
    },
    steps: recipe.steps.map(stepDraft),
  };
}
