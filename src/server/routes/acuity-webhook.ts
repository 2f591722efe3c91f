import type { Hono } from "hono";
import { parseAcuityWebhook } from "../../../connectors/acuity/triggers/appointment-changed.js";
import { isReplayedDelivery, memorySeenSet, type SeenCallback } from "../../../connectors/acuity/webhook-replay.js";
import { verifyAcuitySignature } from "../../../connectors/acuity/webhook-signature.js";
import { errorKind, log } from "../../log.js";
import type { Services } from "../../runtime/services.js";
import type { RouteMount } from "../app.js";
import { jsonError } from "../middleware/errors.js";

/**
 * POST /webhooks/acuity: Acuity's "an appointment changed" notice. The signature is checked
 * against the raw bytes before anything is parsed; a replayed delivery is acknowledged and
 * dropped. The body is only a nudge (action and appointment id): the sync re-reads the
 * appointment from Acuity's API, so nothing in the body is trusted or stored.
 */
export interface AcuityWebhookOptions {
  /** Starts a sync; called once per accepted delivery. */
  startSync(reason: { action: string; appointmentId: string }): Promise<void>;
  /** Replay memory; defaults to an in-process set that forgets after 5 minutes. */
  seen?: SeenCallback;
}

export function mountAcuityWebhook(opts: AcuityWebhookOptions): RouteMount {
  const seen = opts.seen ?? memorySeenSet({ ttlMs: 5 * 60_000 });
  return (app: Hono, services: Services) => {
    app.post("/webhooks/acuity", async (c) => {
      const apiKey = services.env.ACUITY_API_KEY;
      if (!apiKey) return jsonError(c, 404, "Acuity is not configured: set ACUITY_USER_ID and ACUITY_API_KEY to receive its webhooks.");
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!verifyAcuitySignature({ rawBody: raw, signature: c.req.header("x-acuity-signature"), apiKey })) {
        log.warn("acuity.webhook.bad_signature", {});
        return jsonError(c, 403, "The X-Acuity-Signature header does not match the body; check the API key Acuity signs with.");
      }
      if (await isReplayedDelivery(raw, seen)) {
        log.info("acuity.webhook.replay_ignored", {});
        return c.json({ ok: true, replay: true });
      }
      // One parser for every Acuity webhook (the trigger's): an action minnow does not act on
      // (order.completed, or one Acuity adds later) is acknowledged, so Acuity does not retry it.
      const parsed = parseAcuityWebhook(new TextDecoder().decode(raw));
      if (parsed.kind === "invalid") {
        return jsonError(c, 422, `Expected a form body with \`action\` and a numeric \`id\` (${parsed.error}).`);
      }
      if (parsed.kind === "ignored") {
        log.info("acuity.webhook.ignored", { action: parsed.action });
        return c.json({ ok: true, ignored: true });
      }
      const action = parsed.event.action;
      const appointmentId = parsed.event.appointmentRef.slice("acuity:".length);
      try {
        await opts.startSync({ action, appointmentId });
      } catch (err) {
        // This delivery now counts as seen, so a retry of it is dropped: the polling sync picks the change up.
        log.error("acuity.webhook.sync_start_failed", { errorKind: errorKind(err) });
        return jsonError(c, 503, "Could not start a sync; the next scheduled sync will pick the change up.");
      }
      log.info("acuity.webhook.accepted", { action, appointmentId });
      return c.json({ ok: true });
    });
  };
}
