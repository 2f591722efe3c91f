import { z } from "zod";

/**
 * Twilio credentials and the sender. A Messaging Service is preferred (it handles number pools,
 * opt-out lists and A2P 10DLC registration); a single From number works for small practices.
 * `apiBaseUrl` points the REST API elsewhere (a sandbox or test server).
 */
const E164 = /^\+[1-9]\d{6,14}$/;
const SHORT_CODE = /^\d{5,6}$/;

export const twilioAuthSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: "accountSid must be AC followed by 32 hex characters (Twilio Console > Account info)" }),
    authToken: z.string().min(1, { message: "authToken is required (Twilio Console > Account info)" }),
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, { message: "messagingServiceSid must be MG followed by 32 hex characters" }).optional(),
    from: z.string().refine((v) => E164.test(v) || SHORT_CODE.test(v), { message: "from must be an E.164 number like +15555550100 or a short code" }).optional(),
    apiBaseUrl: z.url().optional(),
  })
  .refine((auth) => Boolean(auth.messagingServiceSid || auth.from), {
    message: "set messagingServiceSid (TWILIO_MESSAGING_SERVICE_SID) or from (TWILIO_FROM): Twilio needs a sender",
    path: ["messagingServiceSid"],
  });

export type TwilioAuth = z.infer<typeof twilioAuthSchema>;

/** Who a message is sent as. A Messaging Service wins when both are configured. */
export type TwilioSender = { messagingServiceSid: string; from?: undefined } | { from: string; messagingServiceSid?: undefined };

export function senderOf(auth: Pick<TwilioAuth, "messagingServiceSid" | "from">): TwilioSender {
  if (auth.messagingServiceSid) return { messagingServiceSid: auth.messagingServiceSid };
  if (auth.from) return { from: auth.from };
  throw new Error("No Twilio sender configured; set TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM.");
}
