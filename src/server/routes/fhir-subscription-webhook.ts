import type { Context } from "hono";
import { MalformedNotificationError, parseSubscriptionNotification, type SubscriptionNotification } from "../../../connectors/fhir/subscription-receiver.js";
import { errorKind, log } from "../../log.js";
import type { RouteMount } from "../app.js";
import { jsonError } from "../middleware/errors.js";
import { bearerToken, sameSecret } from "../middleware/secrets.js";
import { startPushSync } from "./fhir-push-sync.js";
import { checkEventGap } from "./fhir-subscription-gap.js";
import { startSyncRun, type StartSyncRun } from "./start-sync-run.js";

export const FHIR_SUBSCRIPTION_PATH = "/webhooks/fhir/subscription";

/** R4 `Subscription.channel.payload` values we read; XML is refused. */
const JSON_TYPES = new Set(["application/fhir+json", "application/json", "application/json+fhir"]);

function isJsonType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return JSON_TYPES.has(mediaType);
}

function unauthorized(c: Context, reason: "missing" | "wrong") {
  log.warn("fhir.subscription.refused", { reason });
  c.header("WWW-Authenticate", 'Bearer realm="minnow"');
  return jsonError(c, 401, "Notification refused: send the token in FHIR_SUBSCRIPTION_TOKEN as `Authorization: Bearer <token>` (Subscription.channel.header).");
}

export interface FhirSubscriptionWebhookOptions {
  /** Starts a sync run (default: the sync workflow on services.engine). */
  startSync?: StartSyncRun;
}

/**
 * POST /webhooks/fhir/subscription: the EHR's Subscription notifications (R4 rest-hook or the
 * Subscriptions Backport IG). The body is only a nudge: an event notification starts a sync run at
 * once, which re-reads the window from the EHR, diffs it and starts waitlist fills for
 * cancellations; nothing in the body is trusted or stored. Handshakes and heartbeats are answered
 * and do nothing. The answer never waits for the sync.
 */
export function mountFhirSubscriptionWebhook(opts: FhirSubscriptionWebhookOptions = {}): RouteMount {
  const startSync = opts.startSync ?? startSyncRun;
  return (app, services) => {
    app.post(FHIR_SUBSCRIPTION_PATH, async (c) => {
      const expected = services.env.FHIR_SUBSCRIPTION_TOKEN;
      if (!expected) {
        log.error("fhir.subscription.no_token", { fix: "set FHIR_SUBSCRIPTION_TOKEN" });
        return jsonError(c, 403, "Notification refused: FHIR_SUBSCRIPTION_TOKEN is not set, so no EHR notification can be authenticated.");
      }
      const given = bearerToken(c.req.header("authorization"));
      if (!given) return unauthorized(c, "missing");
      if (!sameSecret(given, expected)) return unauthorized(c, "wrong");

      const text = await c.req.text();
      if (text.trim() && !isJsonType(c.req.header("content-type"))) {
        return jsonError(c, 415, "Notification refused: send it as application/fhir+json (set Subscription.channel.payload to application/fhir+json).");
      }
      let notification: SubscriptionNotification;
      try {
        notification = parseSubscriptionNotification(text);
      } catch (err) {
        if (!(err instanceof MalformedNotificationError)) throw err;
        log.warn("fhir.subscription.malformed", {});
        return jsonError(c, 400, `Notification refused: ${err.message}`);
      }
      const fields = { kind: notification.kind, format: notification.format, subscriptionRef: notification.subscriptionRef, refs: notification.appointmentRefs.length };
      const gap = await checkEventGap(services, notification);
      if (gap) {
        // Notifications were lost: a sync now, whatever this minute's push runs already did.
        try {
          const run = await startSync(services, { key: `fhir-gap:${gap.subscriptionRef}:${gap.highest}` });
          log.warn("fhir.subscription.gap", { ...fields, missed: gap.missed, highest: gap.highest, runId: run.runId });
        } catch (err) {
          log.error("fhir.subscription.sync_start_failed", { ...fields, errorKind: errorKind(err) });
          return jsonError(c, 503, "Notifications were missed and a sync could not start; retry the notification, or the next scheduled sync will catch up.");
        }
      }
      if (notification.kind !== "event-notification") {
        log.info("fhir.subscription.acknowledged", fields);
        return c.json({ ok: true, kind: notification.kind });
      }
      try {
        const run = await startPushSync(services, startSync);
        log.info("fhir.subscription.accepted", { ...fields, runId: run.runId, started: run.started, followUp: run.followUp });
      } catch (err) {
        log.error("fhir.subscription.sync_start_failed", { ...fields, errorKind: errorKind(err) });
        return jsonError(c, 503, "Could not start a sync; retry the notification, or the next scheduled sync will pick the change up.");
      }
      return c.json({ ok: true, kind: notification.kind });
    });
  };
}
