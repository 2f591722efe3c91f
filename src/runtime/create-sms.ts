import { twilioAuthSchema } from "../../connectors/twilio/auth.js";
import { ConfigError, type Env } from "../config/env.js";
import { createTwilioGateway } from "../messaging/twilio-gateway.js";
import type { SmsGateway } from "../messaging/sms-gateway.js";
import { startFakeTwilio, type FakeTwilio } from "../sandbox/fake-twilio.js";
import { SANDBOX_TWILIO_AUTH_TOKEN } from "../server/routes/twilio-signature.js";

/** The sandbox outbox's account: a well-formed but fictional SID; its token is the public sandbox token. */
export const SANDBOX_TWILIO_ACCOUNT_SID = `AC${"5a".repeat(16)}`;

export interface RuntimeSms {
  sms: SmsGateway;
  /** Set in sandbox mode: the local fake Twilio that stands in for patients' phones. */
  outbox?: { fake: FakeTwilio; accountSid: string; authToken: string };
  close(): Promise<void>;
}

export interface CreateSmsOptions {
  /** Where status callbacks go: PUBLIC_URL, or the local server in the sandbox. */
  publicUrl: string | undefined;
  /** The sandbox outbox sends from the practice's own number. */
  sandboxFrom: string;
  /** Where the sandbox outbox keeps its texts across restarts. */
  stateFile?: string;
}

function realGateway(env: Env, publicUrl: string | undefined): SmsGateway {
  const parsed = twilioAuthSchema.safeParse({
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
    from: env.TWILIO_FROM,
    apiBaseUrl: env.TWILIO_API_BASE_URL,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "twilio"}: ${i.message}`);
    throw new ConfigError(`The Twilio settings are incomplete:\n${lines.join("\n")}\nSet TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM, or unset them all for the sandbox outbox.`);
  }
  return createTwilioGateway(parsed.data, publicUrl);
}

/**
 * The SMS gateway. With Twilio credentials it is real Twilio. Without, a local fake Twilio
 * starts as the sandbox outbox and the same gateway (the real SDK) sends to it, with signed
 * status callbacks, so the sandbox exercises exactly the production path.
 */
export async function createSms(env: Env, opts: CreateSmsOptions): Promise<RuntimeSms> {
  if (env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN) {
    return { sms: realGateway(env, opts.publicUrl), close: async () => undefined };
  }
  const accountSid = SANDBOX_TWILIO_ACCOUNT_SID;
  const authToken = SANDBOX_TWILIO_AUTH_TOKEN;
  const fake = await startFakeTwilio({ accountSid, authToken, statusCallbacks: true, ...(opts.stateFile ? { stateFile: opts.stateFile } : {}) });
  const sms = createTwilioGateway({ accountSid, authToken, from: opts.sandboxFrom, apiBaseUrl: fake.baseUrl }, opts.publicUrl);
  return { sms, outbox: { fake, accountSid, authToken }, close: () => fake.close() };
}
