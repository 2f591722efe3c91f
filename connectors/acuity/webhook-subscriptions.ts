import { z } from "zod";
import { log } from "../../src/log.js";
import { AcuityApiError } from "./acuity-error.js";
import type { AcuityClient } from "./client.js";

/**
 * Dynamic webhooks (Zapier's performSubscribe / performUnsubscribe): minnow registers its own
 * receiver through the API instead of asking the practice to paste a URL into Acuity's settings.
 * Acuity only delivers to ports 443 or 80 and allows 25 subscriptions per account.
 */
export const ACUITY_WEBHOOK_EVENTS = ["appointment.scheduled", "appointment.rescheduled", "appointment.canceled", "appointment.changed"] as const;
export type AcuityWebhookEvent = (typeof ACUITY_WEBHOOK_EVENTS)[number];

const subscriptionSchema = z.object({
  id: z.union([z.number().int(), z.string().min(1)]).transform(String),
  event: z.string(),
  target: z.string(),
  status: z.string().optional(),
});
export type AcuityWebhookSubscription = z.infer<typeof subscriptionSchema>;

function invalid(what: string, cause: unknown): AcuityApiError {
  return new AcuityApiError(`Acuity ${what} returned an unexpected body; the API may have changed.`, undefined, undefined, { cause, kind: "invalid-response" });
}

/** Acuity rejects other ports; failing here gives a clearer message than its 400. */
export function assertDeliverableTarget(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch (cause) {
    throw new Error(`Webhook target "${target}" is not a URL; set PUBLIC_URL to the server's public https address.`, { cause });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`Webhook target must be http(s), got ${url.protocol}`);
  if (url.port !== "" && url.port !== "443" && url.port !== "80") throw new Error(`Acuity delivers webhooks only to ports 443 or 80, not ${url.port}; put the server behind a proxy on 443.`);
}

export async function subscribeAcuityWebhook(client: AcuityClient, input: { event: AcuityWebhookEvent; target: string }): Promise<AcuityWebhookSubscription> {
  assertDeliverableTarget(input.target);
  const data = await client.request("POST", "/webhooks", { body: { event: input.event, target: input.target } });
  const parsed = subscriptionSchema.safeParse(data);
  if (!parsed.success) throw invalid("POST /webhooks", parsed.error);
  log.info("acuity.webhook.subscribed", { subscriptionId: parsed.data.id, acuityEvent: parsed.data.event });
  return parsed.data;
}

export async function listAcuityWebhooks(client: AcuityClient): Promise<AcuityWebhookSubscription[]> {
  const parsed = z.array(subscriptionSchema).safeParse(await client.request("GET", "/webhooks"));
  if (!parsed.success) throw invalid("GET /webhooks", parsed.error);
  return parsed.data;
}

/** Unsubscribing twice is harmless: a 404 means it is already gone. */
export async function unsubscribeAcuityWebhook(client: AcuityClient, subscriptionId: string): Promise<{ removed: boolean }> {
  if (!/^\d+$/.test(subscriptionId)) throw new Error(`Acuity webhook id must be numeric, got "${subscriptionId}".`);
  try {
    await client.request("DELETE", `/webhooks/${subscriptionId}`);
  } catch (err) {
    if (err instanceof AcuityApiError && err.status === 404) return { removed: false };
    throw err;
  }
  log.info("acuity.webhook.unsubscribed", { subscriptionId });
  return { removed: true };
}
