import twilio from "twilio";

/**
 * Checks `X-Twilio-Signature` before anything reads the request. `url` must be the exact public URL
 * Twilio called (PUBLIC_URL plus the path and any query), and `params` the form fields as posted.
 * A missing signature or token is simply invalid.
 */
export function verifyTwilioSignature(input: { authToken: string; url: string; params: Record<string, string | string[]>; signature: string | null | undefined }): boolean {
  const { authToken, url, params, signature } = input;
  if (!signature || !authToken || !url) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}
