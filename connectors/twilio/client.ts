import twilio from "twilio";
import type { TwilioAuth } from "./auth.js";
import { MeasuredRequestClient } from "./measured-client.js";
import { RedirectingRequestClient } from "./redirect-client.js";

/**
 * The SDK client, pointed at Twilio or (with `apiBaseUrl`, from TWILIO_API_BASE_URL) elsewhere.
 * The SDK's own 429 auto-retry stays off: sendSms reports 429 as retryable and the workflow engine
 * owns retries and backoff, so a send is never retried twice over.
 */
export type TwilioClient = twilio.Twilio;

export function createTwilioClient(auth: Pick<TwilioAuth, "accountSid" | "authToken" | "apiBaseUrl">, options: { timeoutMs?: number } = {}): TwilioClient {
  const requestOptions = { timeout: options.timeoutMs ?? 15_000, autoRetry: false };
  const httpClient = auth.apiBaseUrl ? new RedirectingRequestClient(auth.apiBaseUrl, requestOptions) : new MeasuredRequestClient(requestOptions);
  return twilio(auth.accountSid, auth.authToken, { httpClient });
}
