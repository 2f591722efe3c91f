import type { RouteOutcome } from "./inbound-context.js";

/**
 * A bare Y, SÍ or 👍 with nothing open, typically a reaction to the unsubscribe confirmation
 * or to a reminder that asked nothing. It is recorded (the inbound row keeps it, intent
 * `acknowledgement`) and answered with nothing: it re-subscribes no one (only START, UNSTOP, YES
 * and their equivalents do), needs no person, and a reply to a reaction would only invite another.
 */
export async function actAcknowledgement(): Promise<RouteOutcome> {
  return { intent: "acknowledgement", routedTo: null, needsStaff: false };
}
