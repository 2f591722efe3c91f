import { z } from "zod";
import { envProblems } from "./env-rules.js";

/** Every environment variable minnow reads. Only this module touches `process.env`. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().url().optional(),
  MINNOW_CONFIG: z.string().min(1).optional(),
  /** The practice config as YAML text, for hosts without a config file (Trigger.dev workers). */
  MINNOW_CONFIG_YAML: z.string().min(1).optional(),
  MINNOW_DATA_KEY: z.string().min(1).optional(),
  MINNOW_API_KEY: z.string().min(32, "must be at least 32 characters; generate one with `openssl rand -hex 32`").optional(),
  /** A bearer token that may read GET /metrics and nothing else (a Prometheus scraper's). */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters; generate one with `openssl rand -hex 32`").optional(),
  FHIR_BASE_URL: z.string().url().optional(),
  FHIR_AUTH: z.enum(["none", "bearer", "smart"]).default("none"),
  FHIR_BEARER_TOKEN: z.string().optional(),
  FHIR_CLIENT_ID: z.string().optional(),
  FHIR_PRIVATE_KEY: z.string().optional(),
  FHIR_KEY_ID: z.string().optional(),
  FHIR_SCOPE: z.string().optional(),
  /** The bearer token the EHR sends on POST /webhooks/fhir/subscription (Subscription.channel.header). */
  FHIR_SUBSCRIPTION_TOKEN: z.string().min(16, "must be at least 16 characters; generate one with `openssl rand -hex 32`").optional(),
  ACUITY_USER_ID: z.string().optional(),
  ACUITY_API_KEY: z.string().optional(),
  ACUITY_BASE_URL: z.string().url().optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_BASE_URL: z.string().url().optional(),
  TRIGGER_SECRET_KEY: z.string().optional(),
  TRIGGER_API_URL: z.string().url().optional(),
  /** The MLLP port HL7 SIU messages arrive on; unset means no HL7 listener (the sandbox picks a free one). */
  HL7_MLLP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HL7_MLLP_HOST: z.string().min(1).default("127.0.0.1"),
  HL7_MLLP_TLS_CERT: z.string().min(1).optional(),
  HL7_MLLP_TLS_KEY: z.string().min(1).optional(),
  /** Comma-separated source addresses allowed to connect (the interface engine's); unset allows any. */
  HL7_MLLP_ALLOW: z.string().transform((v) => v.split(",").map((a) => a.trim()).filter(Boolean)).optional(),
  /** The Trigger.dev project ref trigger.config.ts deploys to (proj_…). */
  TRIGGER_PROJECT_REF: z.string().regex(/^proj_[A-Za-z0-9]+$/, "must be a Trigger.dev project ref like proj_abc123 (dashboard → Project settings)").optional(),
  /** On a Trigger.dev worker: allow the sandbox EHR and outbox when no EHR or Twilio is configured (trying `trigger.dev dev` locally). */
  MINNOW_WORKER_SANDBOX: z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1").default(false),
  /** Starts the full sandbox's clock at this instant (ISO 8601), to try it at another hour; ignored outside the sandbox. */
  MINNOW_SANDBOX_CLOCK: z.string().datetime({ offset: true, message: "must be an ISO 8601 instant such as 2026-12-03T03:00:00Z" }).transform((v) => new Date(v)).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; errors name the variable and the fix. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(blanksRemoved);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ variable: i.path.join("."), message: i.message }));
  const lines = [...issues, ...envProblems(blanksRemoved)].map((p) => `  ${p.variable}: ${p.message}`);
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}\nFix the variables above (see README, "Configuration").`);
  }
  return parsed.data;
}

/**
 * TRIGGER_PROJECT_REF alone, by the same rule as loadEnv: trigger.config.ts is loaded by the
 * Trigger.dev CLI and on its workers, where the rest of minnow's environment is not checked.
 * Undefined when unset (the CLI then names the missing project).
 */
export function triggerProjectRef(source: Record<string, string | undefined> = process.env): string | undefined {
  const parsed = envSchema.pick({ TRIGGER_PROJECT_REF: true }).safeParse({ TRIGGER_PROJECT_REF: source.TRIGGER_PROJECT_REF || undefined });
  if (!parsed.success) throw new ConfigError(`Invalid environment:\n  TRIGGER_PROJECT_REF: ${parsed.error.issues[0]?.message ?? "is invalid"}`);
  return parsed.data.TRIGGER_PROJECT_REF;
}
