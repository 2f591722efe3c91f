import type { RouteDecision } from "./decide-route.js";
import type { InboundSms } from "./inbound-sms.js";

/**
 * Twilio Advanced Opt-Out: when the Messaging Service matched STOP, START or HELP (its own keyword
 * lists, which a practice may localise), Twilio has already changed the number's standing and
 * answered. minnow follows the carrier, whatever its own reading of the words:
 * - STOP: an opt-out, recorded as any other (the number is now blocked at Twilio);
 * - HELP: help;
 * - START: an opt-in, unless the words answer an open prompt (YES is a Twilio opt-in word, and a
 *   subscribed patient's YES to a waitlist offer is still that answer).
 * The handlers send no confirmation of their own for it (`InboundContext.carrierAnswered`): a
 * second one to a number Twilio just unsubscribed is refused with 21610.
 */
export function withCarrierKeyword(decision: RouteDecision, sms: InboundSms): RouteDecision {
  const language = decision.language ? { language: decision.language } : {};
  switch (sms.optOutType) {
    case undefined:
      return decision;
    case "STOP":
      return decision.kind === "opt_out" ? decision : { kind: "opt_out", mentionsCancel: false, ...language };
    case "HELP":
      return { kind: "help", ...language };
    case "START":
      return decision.kind === "matched" ? decision : { kind: "opt_in", ...language };
  }
}
