import { isIP } from "node:net";
import { z } from "zod";
import { RecipeSchema } from "../automations/recipe.js";
import { AGE_GATED_CATEGORIES, publicShortenersIn } from "../policy/lint-rules/content.js";
import { parseDuration } from "./duration.js";
import { fhirSchema } from "./fhir-schema.js";
import { e164, locationsSchema, templates, timeZone } from "./locations-schema.js";

const duration = z.string().refine((s) => parseDuration(s) !== null, { message: 'must be a duration like "72h", "90m" or "2d"' });
const scope = z.enum(["appointment", "waitlist", "billing", "broadcast"]);
const cidr = z.string().refine((s) => {
  const [ip, bits, ...rest] = s.split("/");
  const version = isIP(ip ?? "");
  const prefix = Number(bits);
  return rest.length === 0 && version !== 0 && Number.isInteger(prefix) && prefix >= 0 && prefix <= (version === 4 ? 32 : 128);
}, { message: 'must be a CIDR like "10.20.0.0/16" or "fd12::/64"' });

/** A BAA statement for one connector (`baa.<id>`): signed (date, reference), or an acknowledgement of PHI outside a BAA. */
export const baaAttestationSchema = z.object({
  signed: z.boolean(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-01-15").optional(),
  reference: z.string().optional(),
  acknowledgement: z
    .object({ reason: z.string().min(10, "must say why PHI may flow there (at least a sentence)"), by: z.string().min(1), date: z.string() })
    .optional(),
});

/**
 * A recipe the config file provides (README, "Automations"): its id, the recipe itself, and
 * optionally `active`, which the file then decides at every start (left out: the console decides).
 */
export const automationEntrySchema = RecipeSchema.safeExtend({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, "must be lower-case letters, digits and dashes, like no-show-follow-up"),
  active: z.boolean().optional(),
});

/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
const rateLimit = (defaults: { perMinute: number; burst: number }) =>
  z
    .object({
      enabled: z.boolean().default(true),
      perMinute: z.number().int().min(1).max(10_000_000).default(defaults.perMinute),
      burst: z.number().int().min(1).max(1_000_000).default(defaults.burst),
    })
    .prefault({});

export const practiceConfigSchema = z.object({
  practice: z
    .object({
      name: z.string().min(1).max(40).default("Sunrise Family Clinic"),
      phone: e164.default("+13125550100"),
      timeZone: timeZone.default("America/Chicago"),
      hours: z.string().default("Mon-Fri 8am-5pm"),
      url: z.string().url().optional(),
      /** The post-visit survey, {{practice.surveyUrl}} in texts: the practice's own full link, the same for every patient. */
      surveyUrl: z
        .url({ protocol: /^https$/, error: "must be a full https link, like https://survey.example-clinic.com/visit" })
        .refine((url) => publicShortenersIn(url).length === 0, { message: "must not use a public URL shortener (carriers filter them): give the full link on a domain the practice owns" })
        .optional(),
    })
    .prefault({}),
  /** A group practice's sites (see locations-schema.ts); none for a single site, which is `practice:`. */
  locations: locationsSchema,
  consent: z
    .object({
      fromEhr: z
        .object({
          scopes: z.array(scope).min(1),
          phiLevel: z.enum(["none", "minimal"]).default("none"),
          evidence: z.string().min(3),
          /** The practice's statement that its front desk confirms each mobile number in the EHR (e.g. at check-in). */
          phonesVerified: z.object({ evidence: z.string().min(10, "must say how the practice confirms mobile numbers (at least a sentence)") }).optional(),
        })
        .optional(),
      /** A reply from a number that answers that patient's open prompt (C, R, YES, N) proves the number reaches them. */
      verifyByReply: z.boolean().default(true),
    })
    .prefault({}),
  reminders: z
    .object({
      touches: z.array(duration).min(1).default(["72h", "24h"]),
      replyTouch: duration.default("24h"),
      allowCancelByText: z.boolean().default(false),
    })
    .prefault({}),
  waitlist: z
    .object({
      batchSize: z.number().int().min(1).max(50).default(3),
      holdMinutes: z.number().int().min(1).max(24 * 60).default(15),
      cutoffHours: z.number().min(0).max(72).default(2),
      maxOffersPerWeek: z.number().int().min(1).max(21).default(3),
    })
    .prefault({}),
  payments: z.object({ cadenceDays: z.array(z.number().int().min(0).max(365)).min(1).default([0, 7, 30]) }).prefault({}),
  /** The FHIR EHR: search strategy, server profile, write-back (see fhir-schema.ts). */
  fhir: fhirSchema,
  sync: z
    .object({ intervalMinutes: z.number().int().min(1).max(1440).default(5), horizonDays: z.number().int().min(1).max(90).default(14) })
    .prefault({}),
  caps: z
    .object({ perDay: z.number().int().min(1).max(5).default(1), perWeek: z.number().int().min(1).max(20).default(3) })
    .prefault({}),
  retention: z
    .object({
      messageBodyDays: z.number().int().min(1).max(3650).default(30),
      /** HIPAA keeps audit documentation six years (45 CFR 164.316(b)(2)): never less. */
      auditDays: z.number().int().min(2190, "must be at least 2190 (six years, as HIPAA requires)").max(36500).default(2190),
    })
    .prefault({}),
  /**
   * Bounds the EHR and Twilio however large a fan-out grows: on Trigger.dev, runs at once per kind of
   * work; on the embedded engine, requests in flight to each (src/runtime/call-limits.ts), read at start.
   */
  queues: z
    .object({
      /** Every run that reads the EHR (all of them: syncs, waitlist fills, and each reminder's re-read at wake). */
      ehrReads: z.number().int().min(1).max(1000).default(10),
      /** Runs that send texts (reminders, waitlist offers, payment reminders); they hold an EHR slot too. */
      sends: z.number().int().min(1).max(1000).default(20),
    })
    .prefault({}),
  baa: z.record(z.string(), baaAttestationSchema).default({}),
  hooks: z
    .object({
      /** Loopback, private, link-local and CGNAT targets; never cloud metadata (list its CIDR below to allow it). */
      allowPrivateTargets: z.boolean().default(false),
      /** CIDRs allowed as targets even though not public, e.g. "10.20.0.0/16" for an internal n8n. */
      allowTargetNetworks: z.array(cidr).default([]),
      /** Target URLs covered by a BAA: they get the minimum-necessary fields, not references only. */
      attestedDestinations: z.array(z.string().url()).default([]),
    })
    .prefault({}),
  templates: templates.default({}),
  /** Automation recipes seeded into the store at start, as versions by "config-file". */
  automations: z
    .array(automationEntrySchema)
    .default([])
    .refine((entries) => new Set(entries.map((e) => e.id)).size === entries.length, { message: "two automations share an id; give each its own" }),
  /** The staff console's sign-in rules (HIPAA access control: automatic logoff, lockout). */
  console: z
    .object({
      idleTimeoutMinutes: z.number().positive().max(720).default(15),
      absoluteTimeoutHours: z.number().positive().max(24).default(12),
      lockoutAfterFailedSignIns: z.number().int().min(3).max(20).default(5),
      lockoutMinutes: z.number().positive().max(1440).default(15),
      signInLinkHours: z.number().positive().max(168).default(24),
    })
    .prefault({}),
  /** Generous by default: they stop a flood from one source or key, never normal traffic (README, "Rate limits"). */
  rateLimits: z
    .object({
      /** /webhooks/* per source address (Twilio status callbacks come in bursts during a fan-out). */
      webhooks: rateLimit({ perMinute: 60_000, burst: 5_000 }),
      /** /api per API key. */
      api: rateLimit({ perMinute: 3_000, burst: 500 }),
      /** Behind a proxy, the header holding the client's address (its last value is used), e.g. "x-real-ip". */
      sourceHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name like x-real-ip").optional(),
    })
    .prefault({}),
  lint: z
    .object({
      /** SHAFT-C is a lint error; a practice with an age-gated campaign may lower these categories to warnings. */
      prohibitedContent: z
        .object({
          severity: z.literal("warning", { error: 'must be "warning" (the only level below error)' }),
          categories: z.array(z.enum(AGE_GATED_CATEGORIES, { error: `must be one of ${AGE_GATED_CATEGORIES.join(", ")}: sex, hate and cannabis are never allowed` })).min(1),
          reason: z.string().min(20, "must document why (the age-gated campaign, its registration), at least a sentence"),
        })
        .optional(),
    })
    .prefault({}),
});

export type PracticeConfig = z.infer<typeof practiceConfigSchema>;
