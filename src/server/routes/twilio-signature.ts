import type { Context } from "hono";
import { verifyTwilioSignature } from "../../../connectors/twilio/signature.js";
import type { Env } from "../../config/env.js";
import { log } from "../../log.js";
import { formParams, type FormParams } from "../../messaging/inbound/inbound-sms.js";

/**
 * In the zero-config sandbox (no TWILIO_ACCOUNT_SID) there is no real token, but webhooks are
 * still signed and checked, so the sandbox exercises the same path as production: the sandbox's
 * fake Twilio and the CLI's simulated replies sign with this fixed, public token. It is never
 * accepted once a Twilio account is configured: then TWILIO_AUTH_TOKEN is required, and without
 * it every webhook is refused.
 */
export const SANDBOX_TWILIO_AUTH_TOKEN = "minnow-sandbox-twilio-auth-token";

export function webhookAuthToken(env: Pick<Env, "TWILIO_AUTH_TOKEN" | "TWILIO_ACCOUNT_SID">): string | null {
  if (env.TWILIO_AUTH_TOKEN) return env.TWILIO_AUTH_TOKEN;
  return env.TWILIO_ACCOUNT_SID ? null : SANDBOX_TWILIO_AUTH_TOKEN;
}

/**
 * The URL Twilio signed: PUBLIC_URL's origin and base path, then the request's path and query.
 * Behind a proxy the request's own host is not what Twilio called, hence PUBLIC_URL. Without
 * PUBLIC_URL (a local sandbox) the request URL is used as is.
 */
export function signedUrl(publicUrl: string | undefined, requestUrl: string): string {
  const request = new URL(requestUrl);
  if (!publicUrl) return request.href;
  const base = new URL(publicUrl);
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}${request.pathname}${request.search}`;
}

export type SignedForm = { ok: true; params: FormParams } | { ok: false; reason: "no-token" | "missing-signature" | "bad-signature" };

/**
 * Reads the form body and checks `X-Twilio-Signature` over it before anything else looks at it.
 * The signature covers every field, so the body must be read to check it; nothing is parsed
 * for meaning, stored or logged until it passes.
 */
export async function readSignedForm(c: Context, env: Env): Promise<SignedForm> {
  const signature = c.req.header("x-twilio-signature");
  const authToken = webhookAuthToken(env);
  if (!authToken) {
    log.error("twilio.webhook_no_token", { path: c.req.path, fix: "set TWILIO_AUTH_TOKEN" });
    return { ok: false, reason: "no-token" };
  }
  if (!signature) return { ok: false, reason: "missing-signature" };
  const params = formParams(await c.req.text());
  const url = signedUrl(env.PUBLIC_URL, c.req.url);
  return verifyTwilioSignature({ authToken, url, params, signature }) ? { ok: true, params } : { ok: false, reason: "bad-signature" };
}
