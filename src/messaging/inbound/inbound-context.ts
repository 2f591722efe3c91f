import { locationForSender } from "../../locations/resolve-location.js";
import type { Services } from "../../runtime/services.js";
import type { Prompt } from "../../store/prompts.js";
import { replyLanguage, replyText, type ReplyTextId } from "../reply-texts.js";
import { sendReply } from "../send-reply.js";
import type { InboundSms } from "./inbound-sms.js";
import { contactLanguage, soleRecipient, type PhoneConsentState } from "./phone-consent-state.js";

/** What every reply handler knows about the message it acts on. */
export interface InboundContext {
  sms: InboundSms;
  inboundId: string;
  phoneIdx: string;
  /** Prompts open on this phone for the sender the patient wrote to, oldest first. */
  prompts: Prompt[];
  /** Who the phone speaks for and their consent; read on first use (a matched reply never needs it). */
  state(): Promise<PhoneConsentState>;
  /** The language the reply was written in, when it could tell. */
  detectedLanguage?: "en" | "es";
  /** Twilio Advanced Opt-Out already answered this keyword (STOP, START, HELP): send no second answer. */
  carrierAnswered: boolean;
  at: Date;
}

/** Where a reply went, stored on the inbound row (a null intent there means "not routed yet"). */
export interface RouteOutcome {
  intent: string;
  routedTo: string | null;
  needsStaff: boolean;
}

/**
 * Why a message sits in the staff inbox: the inbound row is stored with needs_staff = 1 and this
 * kind as its intent. This is the one way an inbox item is opened.
 * - unknown: minnow could not read the reply; ambiguous: it could answer several open prompts;
 * - cancel_request: "cancel my appointment" (minnow does not cancel by text unless configured);
 * - wrong_number: whoever has the number is not the patient;
 * - opt_out: a bare CANCEL with an appointment open (staff may want to call);
 * - opt_in: START from a number with no consent on file.
 */
export type StaffInboxKind = "unknown" | "ambiguous" | "cancel_request" | "wrong_number" | "opt_out" | "opt_in";

export function staffInboxItem(kind: StaffInboxKind, routedTo = "staff"): RouteOutcome {
  return { intent: kind, routedTo, needsStaff: true };
}

/** Sends one of the fixed reply texts to the phone that wrote, exactly once per effect key. */
// Keywords (STOP, HELP) read as English whoever sends them, so only a reply detected as Spanish
// overrides the contact's own language.
// A reply to a location's own sender comes from that sender and names that location.
export async function replyWith(services: Services, ctx: InboundContext, id: ReplyTextId, effectKey: string, extra: { options?: string } = {}): Promise<void> {
  const state = await ctx.state();
  const language = replyLanguage(ctx.detectedLanguage === "es" ? "es" : null, contactLanguage(state));
  const location = locationForSender(services.config, ctx.sms.sender);
  await sendReply(services, {
    phone: ctx.sms.from,
    body: replyText(services.config, id, language, { location, ...extra }),
    effectKey,
    patientRef: soleRecipient(state),
    purpose: id,
    ...(location.sender ? { sender: location.sender } : {}),
  });
}
