import { z } from "zod";

/**
 * Acuity Scheduling API v1 uses HTTP basic auth: the numeric user id and the API key from
 * Integrations > API. The same key signs webhooks, so it is also the webhook secret.
 */
export const ACUITY_DEFAULT_BASE_URL = "https://acuityscheduling.com/api/v1";

export const acuityAuthSchema = z.object({
  userId: z.string().regex(/^\d+$/, { message: "userId must be the numeric Acuity user id (Integrations > API)" }),
  apiKey: z.string().min(1, { message: "apiKey is required (Integrations > API)" }),
  /** Overridable so tests and sandboxes can point the connector at a local server. */
  baseUrl: z.url().default(ACUITY_DEFAULT_BASE_URL),
  timeoutMs: z.number().int().positive().default(15_000),
});

export type AcuityAuth = z.infer<typeof acuityAuthSchema>;
export type AcuityAuthInput = z.input<typeof acuityAuthSchema>;

export function basicAuthHeader(auth: Pick<AcuityAuth, "userId" | "apiKey">): string {
  return `Basic ${Buffer.from(`${auth.userId}:${auth.apiKey}`).toString("base64")}`;
}
