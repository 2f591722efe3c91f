/**
 * What the automation API's routes share: the error body, documented error responses, the
 * security schemes, the Idempotency-Key header, and the validation hook that turns a zod
 * failure into a 422 naming each field.
 */
import { z, type Hook } from "@hono/zod-openapi";
import type { Context, Env } from "hono";
import { randomUUID } from "node:crypto";
import type { Store } from "../../store/db.js";
import { claimIdempotencyKey } from "../../store/idempotency-requests.js";

export const ErrorSchema = z
  .object({
    error: z.object({
      status: z.number().int().openapi({ example: 422 }),
      code: z.string().optional().openapi({ description: "A stable code for errors a caller handles, e.g. idempotency-key-reused.", example: "idempotency-key-reused" }),
      message: z.string().openapi({ example: "Invalid request: targetUrl: Invalid URL" }),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

const ERROR_DESCRIPTIONS = {
  400: "The body is not valid JSON.",
  401: "No API key, or an unknown or revoked one.",
  403: "The API key is read-only and the route needs a write-scoped key.",
  404: "No such resource.",
  409: "The request conflicts with what is recorded, e.g. a consent for a number that opted out; the message says how to proceed.",
  413: "The body is larger than the server accepts.",
  415: "The body is not sent as application/json.",
  422: "The request does not validate (`details.fields` names each field and the fix), or its Idempotency-Key was first used with a different request (`code: idempotency-key-reused`).",
  503: "A provider failed in a way that may pass; retry with the same Idempotency-Key.",
} as const;

export type DocumentedError = keyof typeof ERROR_DESCRIPTIONS;
type ErrorResponse = { description: string; content: { "application/json": { schema: typeof ErrorSchema } } };

export function errorResponses<const C extends readonly DocumentedError[]>(...codes: C): { [K in C[number]]: ErrorResponse } {
  const entries = codes.map((code) => [code, { description: ERROR_DESCRIPTIONS[code], content: { "application/json": { schema: ErrorSchema } } }]);
  return Object.fromEntries(entries) as { [K in C[number]]: ErrorResponse };
}

export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });

export const SECURITY: Array<Record<string, string[]>> = [{ ApiKeyHeader: [] }, { BearerKey: [] }];

/** jsonError's shape, typed per status so OpenAPIHono can check a handler against its route. */
export function apiError<S extends DocumentedError>(c: Context, status: S, message: string, code?: string) {
  return c.json({ error: { status, ...(code ? { code } : {}), message } }, status);
}

export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, "must be 1-128 letters, digits, or . _ : -")
    .optional()
    .openapi({ description: "Repeat a request with the same key and it takes effect once. The same key with a different request is refused (422, idempotency-key-reused).", example: "zap-123-step-2" }),
});

/** The effect key of an action: the caller's Idempotency-Key, else a fresh id (no dedupe). */
export function actionKey(c: Context, action: string, idempotencyKey: string | undefined): string {
  return `api:${action}:${c.get("apiKeyId") ?? "anonymous"}:${idempotencyKey ?? `req-${randomUUID()}`}`;
}

export const IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";

/**
 * The effect key of an action, once its request is known to be the one the Idempotency-Key was
 * first used with (a hash of the validated request is stored with the key). A different request
 * under a used key is refused: answering with the first result would silently drop the second.
 */
export async function claimActionKey(c: Context, store: Store, action: string, idempotencyKey: string | undefined, request: unknown): Promise<{ ok: true; key: string } | { ok: false; message: string }> {
  const key = actionKey(c, action, idempotencyKey);
  if (idempotencyKey === undefined || (await claimIdempotencyKey(store, key, request)) !== "different-request") return { ok: true, key };
  return { ok: false, message: `Idempotency-Key ${idempotencyKey} was first used with a different request; nothing was done. Send a new key for a new request.` };
}

/** OpenAPIHono's defaultHook: a zod failure becomes a 422 `{ error }` naming each field. */
export const validationHook: Hook<unknown, Env, string, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const fields = result.error.issues.map((issue) => ({
    field: issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.join(".") || "(body)",
    message: issue.code === "unrecognized_keys" ? "is not a field of this request" : issue.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return c.json({ error: { status: 422, message: `Invalid request (${result.target}): ${summary}`, details: { fields } } }, 422);
};
