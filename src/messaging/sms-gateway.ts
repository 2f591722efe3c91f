import type { SendFailureKind } from "../../connectors/twilio/error-codes.js";

/**
 * Where SMS leave minnow: Twilio through the real SDK, pointed at api.twilio.com or, in the
 * sandbox and in tests, at a local fake via TWILIO_API_BASE_URL. Callers never see the SDK.
 */
export type GatewayResult =
  | { ok: true; sid: string; status: string }
  | {
      ok: false;
      kind: SendFailureKind;
      code?: number;
      /** True when the provider may have accepted the message (a timeout after the request left). */
      outcomeUnknown?: boolean;
    };

export interface SmsGateway {
  /** The practice's own sender (Messaging Service SID or From number); replies to it arrive as this. */
  readonly sender: string;
  /** `sender`: a location's own Messaging Service SID or From number, instead of the practice's. */
  send(input: { to: string; body: string; sender?: string }): Promise<GatewayResult>;
  /** Finds a message already accepted for `to` since `since` with this exact body (reconciling an unknown outcome). */
  findSent(input: { to: string; body: string; since: Date }): Promise<{ sid: string; status: string } | null>;
}
