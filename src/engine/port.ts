import { z } from "zod";

/**
 * The durable workflow port. Workflow code depends only on this file; the embedded engine and
 * the Trigger.dev adapter both implement it. Inputs are references only, because workflow
 * payloads live in the engine, and a hosted engine may sit outside the practice's BAA.
 */

const REF_MARK = "minnow:ref";
export const REF_PATTERN = /^[A-Za-z0-9._:@\/-]{1,200}$/;

/** An opaque reference (an id, a key, a hash), never a name, phone or time. */
export function ref() {
  return z.string().regex(REF_PATTERN, "must be an opaque reference (letters, digits, . _ : @ / -)").describe(REF_MARK);
}

export interface StartOptions {
  /** The same key never starts a second run of the same workflow. */
  key: string;
  /** Start no earlier than this instant. */
  at?: Date;
}

export interface StartResult {
  runId: string;
  /** False when a run with this key already existed. */
  started: boolean;
}

export interface Step {
  readonly runId: string;
  /** A memoized effect: on replay its recorded result is returned and `fn` does not run again. */
  run<T>(name: string, fn: () => Promise<T> | T): Promise<T>;
  sleepUntil(name: string, at: Date): Promise<void>;
  /** Returns the signal's payload, or null when `until` passes first. */
  waitForSignal<T = unknown>(name: string, opts: { key: string; until: Date }): Promise<T | null>;
  start<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult>;
  now(): Date;
}

export interface RetryPolicy {
  maxAttempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

export interface WorkflowDefinition<I = unknown> {
  id: string;
  input: z.ZodType<I>;
  /** Cron workflows declare a five-field cron expression; they are started with an empty input. */
  schedule?: { cron: string; timeZone?: string };
  retry?: Partial<RetryPolicy>;
  run(input: I, step: Step): Promise<unknown>;
}

export interface EngineHealth {
  ok: boolean;
  /** Why, in words an operator reads in GET /health/ready. */
  detail: string;
}

export interface Engine {
  start<I>(workflow: WorkflowDefinition<I>, input: I, opts: StartOptions): Promise<StartResult>;
  /** Delivers a payload to whichever run waits (or will wait) on `key`. Returns false when nothing waits. */
  signal(key: string, payload: unknown): Promise<boolean>;
  /** Whether the engine can run work now (GET /health/ready). Test doubles may leave it out. */
  health?(): Promise<EngineHealth>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, minDelayMs: 1_000, maxDelayMs: 60_000, factor: 2 };

/** Backoff before attempt `attempt + 1` (attempt counts from 1). */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.minDelayMs * policy.factor ** Math.max(0, attempt - 1));
}

function assertReferencesOnly(id: string, schema: z.ZodType): void {
  if (!(schema instanceof z.ZodObject)) throw new Error(`Workflow "${id}": input must be a z.object of references.`);
  for (const [field, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const inner = value instanceof z.ZodOptional ? (value.unwrap() as z.ZodType) : value;
    const allowed =
      inner.description === REF_MARK ||
      inner instanceof z.ZodNumber ||
      inner instanceof z.ZodBoolean ||
      inner instanceof z.ZodEnum ||
      inner instanceof z.ZodLiteral;
    if (!allowed) throw new Error(`Workflow "${id}": input field "${field}" must be a reference (use ref()), a number, a boolean or an enum — never PHI.`);
  }
}

export function defineWorkflow<S extends z.ZodType>(def: {
  id: string;
  input: S;
  schedule?: { cron: string; timeZone?: string };
  retry?: Partial<RetryPolicy>;
  run(input: z.infer<S>, step: Step): Promise<unknown>;
}): WorkflowDefinition<z.infer<S>> {
  assertReferencesOnly(def.id, def.input);
  return def as unknown as WorkflowDefinition<z.infer<S>>;
}
