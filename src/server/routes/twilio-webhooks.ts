import type { Context } from "hono";
import { parseStatusCallback, STATUS_CALLBACK_PATH } from "../../../connectors/twilio/status-callback.js";
import { log } from "../../log.js";
import { applyStatusCallback } from "../../messaging/inbound/apply-status-callback.js";
import { acceptInbound } from "../../messaging/inbound/handle-inbound.js";
import { inboundRouter } from "../../messaging/inbound/inbound-router.js";
import { parseInboundSms } from "../../messaging/inbound/inbound-sms.js";
import type { RouteMount } from "../app.js";
import { jsonError } from "../middleware/errors.js";
import { readSignedForm, type SignedForm } from "./twilio-signature.js";

export const INBOUND_PATH = "/webhooks/twilio/inbound";
export { STATUS_CALLBACK_PATH };

/**
 * Replies never go back as TwiML: they are sent through sendReply and the REST API, so each is
 * recorded, audited and sent exactly once. Twilio only gets an empty answer, quickly.
 */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function emptyTwiml(c: Context) {
  return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
}

function refuse(c: Context, refused: Exclude<SignedForm, { ok: true }>) {
  log.warn("twilio.webhook_refused", { path: c.req.path, reason: refused.reason });
  const message =
    refused.reason === "no-token"
      ? "Webhook refused: TWILIO_AUTH_TOKEN is not set, so no Twilio signature can be checked."
      : "Webhook refused: X-Twilio-Signature is missing or does not match PUBLIC_URL and the posted fields.";
  return jsonError(c, 403, message);
}

/**
 * Twilio's webhooks. Each validates X-Twilio-Signature against PUBLIC_URL plus the path before
 * anything else (403 and no side effect otherwise), is idempotent on MessageSid (Twilio retries),
 * and refuses a signed but malformed form with 400 naming the field. An inbound message is recorded
 * and answered at once; it is routed right after by the inbound router (inbound-router.ts).
 */
export const mountTwilioWebhooks: RouteMount = (app, services) => {
  app.post(INBOUND_PATH, async (c) => {
    const signed = await readSignedForm(c, services.env);
    if (!signed.ok) return refuse(c, signed);
    const parsed = parseInboundSms(signed.params);
    if (!parsed.ok) return jsonError(c, 400, `Inbound message refused: ${parsed.error}.`, { field: parsed.field });
    const accepted = await acceptInbound(services, parsed.sms);
    if (accepted.status === "duplicate") log.info("inbound.duplicate", { inboundId: accepted.inboundId, rerouting: accepted.needsRouting });
    // Recorded durably above; routing (and any reply) happens after this answer, in arrival order.
    if (accepted.needsRouting) inboundRouter(services).enqueue(accepted.inboundId);
    return emptyTwiml(c);
  });

  app.post(STATUS_CALLBACK_PATH, async (c) => {
    const signed = await readSignedForm(c, services.env);
    if (!signed.ok) return refuse(c, signed);
    const parsed = parseStatusCallback(signed.params);
    if (!parsed.ok) return jsonError(c, 400, `Status callback refused: ${parsed.error}.`);
    await applyStatusCallback(services, parsed.update);
    return emptyTwiml(c);
  });
};
