import type { Hono } from "hono";
import type { Services } from "../runtime/services.js";
import { createApp, type RouteMount } from "./app.js";
import { createAutomationApiMount, type AutomationApiOptions } from "./openapi.js";
import { mountAcuityWebhook } from "./routes/acuity-webhook.js";
import { startSyncWorkflow } from "./routes/api-actions.js";
import { mountConsentRoutes } from "./routes/consents.js";
import { mountFhirSubscriptionWebhook } from "./routes/fhir-subscription-webhook.js";
import { mountReadiness } from "./routes/health-ready.js";
import { mountMetrics } from "./routes/metrics.js";
import { mountTwilioWebhooks } from "./routes/twilio-webhooks.js";

/** An Acuity change notice starts a sync, which re-reads the appointment from Acuity's API. */
const mountAcuityChanges: RouteMount = (app, services) =>
  mountAcuityWebhook({
    startSync: async (reason) => {
      await startSyncWorkflow(services, `acuity-webhook:${reason.appointmentId}:${services.clock.now().getTime()}`);
    },
  })(app, services);

/** The routes beside the automation API. Tests build narrower apps with createApp and only what they exercise. */
export const MAIN_MOUNTS: readonly RouteMount[] = [mountTwilioWebhooks, mountConsentRoutes, mountAcuityChanges, mountFhirSubscriptionWebhook(), mountMetrics, mountReadiness];

/** Every route the running job serves: webhooks, consent routes and the automation API (with its OpenAPI document). */
export function createMainApp(services: Services, opts: { api?: AutomationApiOptions; extra?: readonly RouteMount[] } = {}): Hono {
  return createApp(services, [...MAIN_MOUNTS, createAutomationApiMount(opts.api ?? {}), ...(opts.extra ?? [])]);
}
