import type { Hono } from "hono";
import type { Services } from "../runtime/services.js";
import { createApp, type RouteMount } from "./app.js";
import { mountConsentRoutes } from "./routes/consents.js";
import { mountTwilioWebhooks } from "./routes/twilio-webhooks.js";

/** Every route the running job serves. Tests build narrower apps with createApp and only what they exercise. */
export const MAIN_MOUNTS: readonly RouteMount[] = [mountTwilioWebhooks, mountConsentRoutes];

export function createMainApp(services: Services, extra: readonly RouteMount[] = []): Hono {
  return createApp(services, [...MAIN_MOUNTS, ...extra]);
}
