import { z } from "zod";
import { parseDuration } from "../config/duration.js";
import { TEMPLATE_LOCALES, type TemplateLocale } from "../policy/template-formatters.js";
import { TEMPLATE_PURPOSES } from "../policy/lint-rules/types.js";

/**
 * An automation recipe: a trigger, conditions and steps, declared as data. A practice manager
 * builds one in the console (a form, never a JSON box), the API stores it as numbered versions,
 * and one engine-neutral workflow interprets a version. Nothing here holds PHI: a recipe names
 * fields and writes templates, it never carries a patient's values.
 */

const duration = (what: string) =>
  z.string().refine((text) => parseDuration(text) !== null, { message: `${what} must be a number and a unit, like 90m, 24h or 3d` });

/** A reply's meaning, as the policy kernel classifies it, that a recipe may act on. */
export const RECIPE_REPLY_INTENTS = ["confirm", "reschedule", "decline", "accept", "acknowledgement", "unknown"] as const;
export type RecipeReplyIntent = (typeof RECIPE_REPLY_INTENTS)[number];

export const RECIPE_TRIGGER_KINDS = [
  "appointment.booked",
  "appointment.moved",
  "appointment.cancelled",
  "appointment.no_show",
  "appointment.fulfilled",
  "invoice.issued",
  "waitlist.joined",
  "reply.received",
  "consent.changed",
  "schedule",
] as const;
export type RecipeTriggerKind = (typeof RECIPE_TRIGGER_KINDS)[number];

const simpleTrigger = (kind: Exclude<RecipeTriggerKind, "reply.received" | "schedule">) => z.object({ on: z.literal(kind) }).strict();

export const RecipeTriggerSchema = z.discriminatedUnion("on", [
  simpleTrigger("appointment.booked"),
  simpleTrigger("appointment.moved"),
  simpleTrigger("appointment.cancelled"),
  simpleTrigger("appointment.no_show"),
  simpleTrigger("appointment.fulfilled"),
  simpleTrigger("invoice.issued"),
  simpleTrigger("waitlist.joined"),
  simpleTrigger("consent.changed"),
  z.object({ on: z.literal("reply.received"), intent: z.enum(RECIPE_REPLY_INTENTS) }).strict(),
  /** A schedule runs the recipe for each patient its conditions select (e.g. an annual recall). */
  z.object({ on: z.literal("schedule"), cron: z.string().regex(/^\S+( \S+){4}$/, "cron must have five fields, like 0 10 * * 1") }).strict(),
]);
export type RecipeTrigger = z.infer<typeof RecipeTriggerSchema>;

/** Every condition present must hold. Conditions read PHI inside the engine step only. */
export const RecipeConditionsSchema = z
  .object({
    /** Appointment type or service category codes, as the source names them. */
    appointmentTypes: z.array(z.string().min(1)).min(1).optional(),
    /** Location ids from the config's `locations:`. */
    locations: z.array(z.string().min(1)).min(1).optional(),
    /** Practitioner references, e.g. Practitioner/12. */
    practitioners: z.array(z.string().min(1)).min(1).optional(),
    /** Primary language tags, e.g. en, es. */
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, "a language is a two- or three-letter code, like en or es")).min(1).optional(),
    patient: z.enum(["new", "returning"]).optional(),
    /** Time since the patient's last fulfilled visit. */
    lastVisit: z.object({ moreThan: duration("lastVisit.moreThan").optional(), lessThan: duration("lastVisit.lessThan").optional() }).strict().optional(),
    /** Appointment reason codes: always PHI, so allowed only while the recipe keeps them inside minnow. */
    reasonCodes: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
export type RecipeConditions = z.infer<typeof RecipeConditionsSchema>;

const stepId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a step id is lower-case letters, digits and dashes, like send-1");

/** One body per language; `en` is required and used when the patient's language has no body. */
const templateBodies = z
  .record(z.string(), z.string().min(1).max(1_600))
  .refine((bodies) => typeof bodies.en === "string", { message: "a send step needs an English (en) body" })
  .refine((bodies) => Object.keys(bodies).every((locale) => (TEMPLATE_LOCALES as string[]).includes(locale)), {
    message: `template languages are ${TEMPLATE_LOCALES.join(", ")}`,
  }) as unknown as z.ZodType<Partial<Record<TemplateLocale, string>> & { en: string }>;

/** Fields an emit step may add to the hook event beyond references; each is a boundary data class. */
export const EMIT_FIELDS = ["appointment.start", "location.name", "patient.firstName", "patient.phone"] as const;

const simpleSteps = [
  z.object({ id: stepId, kind: z.literal("wait"), duration: duration("wait"), from: z.enum(["trigger", "appointment.start", "appointment.end"]), direction: z.enum(["before", "after"]) }).strict(),
  z.object({ id: stepId, kind: z.literal("send"), purpose: z.enum(TEMPLATE_PURPOSES), template: templateBodies }).strict(),
  z.object({ id: stepId, kind: z.literal("write_back"), write: z.enum(["participant.accepted", "participant.declined", "communication"]) }).strict(),
  z.object({ id: stepId, kind: z.literal("emit"), event: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "an event name is lower-case letters, digits and underscores"), fields: z.array(z.enum(EMIT_FIELDS)).default([]) }).strict(),
  z.object({ id: stepId, kind: z.literal("waitlist"), action: z.enum(["add", "remove"]) }).strict(),
  z.object({ id: stepId, kind: z.literal("inbox"), note: z.string().min(1).max(200) }).strict(),
  z.object({ id: stepId, kind: z.literal("stop") }).strict(),
] as const;

export const RecipeSimpleStepSchema = z.discriminatedUnion("kind", [...simpleSteps]);
export type RecipeSimpleStep = z.infer<typeof RecipeSimpleStepSchema>;

/** Waits for the patient's reply; branches hold simple steps (no nested waits for a reply). */
export const WaitForReplyStepSchema = z
  .object({
    id: stepId,
    kind: z.literal("wait_for_reply"),
    within: duration("wait_for_reply.within"),
    branches: z.array(z.object({ intent: z.enum(RECIPE_REPLY_INTENTS), steps: z.array(RecipeSimpleStepSchema) }).strict()).min(1),
    timeout: z.array(RecipeSimpleStepSchema).default([]),
  })
  .strict();

export const RecipeStepSchema = z.discriminatedUnion("kind", [...simpleSteps, WaitForReplyStepSchema]);
export type RecipeStep = z.infer<typeof RecipeStepSchema>;

export const RecipeSchema = z
  .object({
    name: z.string().min(1).max(80),
    description: z.string().max(400).default(""),
    trigger: RecipeTriggerSchema,
    conditions: RecipeConditionsSchema.default({}),
    steps: z.array(RecipeStepSchema).min(1, "a recipe needs at least one step"),
  })
  .strict()
  .superRefine((recipe, ctx) => {
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) ctx.addIssue({ code: "custom", message: `step id "${id}" is used twice; each step needs its own id` });
      seen.add(id);
    };
    for (const step of recipe.steps) {
      visit(step.id);
      if (step.kind === "wait_for_reply") for (const inner of [...step.branches.flatMap((b) => b.steps), ...step.timeout]) visit(inner.id);
    }
  });
export type Recipe = z.infer<typeof RecipeSchema>;

/** A stored recipe: the latest version's definition and whether new runs start from it. */
export interface StoredRecipe {
  id: string;
  version: number;
  active: boolean;
  recipe: Recipe;
  /** True for the shipped examples, which start disabled. */
  shipped: boolean;
  updatedAt: Date;
}
