import type { Services } from "../../runtime/services.js";
import { replyWith, type InboundContext, type RouteOutcome } from "./inbound-context.js";

/**
 * HELP / INFO: the practice's name and phone and how to opt out. Carriers require an answer to
 * every HELP, even after STOP, so this is neither rate-limited nor skipped for opted-out phones.
 */
export async function actHelp(services: Services, ctx: InboundContext): Promise<RouteOutcome> {
  // Twilio Advanced Opt-Out answered HELP already.
  if (ctx.carrierAnswered) return { intent: "help", routedTo: "help:carrier-answered", needsStaff: false };
  await replyWith(services, ctx, "help", `reply:${ctx.sms.messageSid}:help`);
  return { intent: "help", routedTo: "help", needsStaff: false };
}
