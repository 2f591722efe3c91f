import { withEffect } from "../engine/effects.js";
import { senderFor, type ResolvedLocation } from "../locations/resolve-location.js";
import { log } from "../log.js";
import { recordMessageOutcome } from "../metrics/registry.js";
import type { ConsentScope } from "../policy/consent.js";
import { decideSend, type SendDecision } from "../policy/decide-send.js";
import { lookupPhoneRegion } from "../policy/phone-region.js";
import { BOUNDARY_REASON, BOUNDARY_RETRY_MS, smsBoundaryHold } from "../runtime/boundary-gate.js";
import type { Services } from "../runtime/services.js";
import { appendAudit } from "../store/audit-log.js";
import { latestConsentForPatient } from "../store/consent-ledger.js";
import { getContact, type Contact } from "../store/contacts.js";
import { appendEvent, getEvent } from "../store/events.js";
import { getOutboundByEffectKey, markSubmitted, recordOutbound, sentHistory, type OutboundMessage, type SentRecord } from "../store/outbound-messages.js";
import { readDestination } from "./destination.js";
import { recordSentCommunication } from "./record-sent-communication.js";
import { handleSendFailure } from "./send-failure.js";
import { renderMessage, type RenderedMessage, type TemplateId } from "./templates.js";
import { templateVersionOf } from "./template-version.js";
import type { PhiLevel } from "../policy/consent.js";

export interface OutreachRequest {
  patientRef: string;
  scope: ConsentScope;
  templateId: TemplateId;
  /** Values for the template beyond the practice's own (patient.firstName, appointment.start, …). */
  values: Record<string, unknown>;
  /** Deterministic: the same key never sends twice, across retries, replays and restarts. */
  effectKey: string;
  /** Who decided, for the audit: "workflow:appointment-reminder", "api-key:<id>". */
  actor: string;
  /** What the message is about (an appointment or invoice ref), for the audit. */
  subjectRef: string;
  /**
   * Where the appointment is (resolveLocation): its zone writes the times, its name, phone and
   * hours fill `location.*`, its overrides win, and its sender sends. The practice when absent.
   */
  location?: ResolvedLocation;
}

export type OutreachResult =
  | { outcome: "sent"; messageId: string }
  | { outcome: "deferred"; until: Date; reasons: string[] }
  | { outcome: "denied"; reasons: string[] }
  | { outcome: "failed"; reasons: string[] };

/**
 * One message on its way through the policy: who it is for and why (the request without its
 * template), what it is (`purpose`, stored on the message and named in the audit), whether it
 * answers the patient's own text (`answer`: frequency caps do not apply), and how to render it
 * once the decision has fixed the PHI level.
 */
export interface Delivery {
  req: Omit<OutreachRequest, "templateId" | "values">;
  purpose: string;
  kind: "outreach" | "offer" | "answer";
  render(phiLevel: PhiLevel, language: string | null): RenderedMessage;
}

const WEEK_MS = 8 * 86_400_000;

/** Texts the patient asked for (waitlist offers) neither need room under the caps nor count against them. */
const SOLICITED_PURPOSES: ReadonlySet<string> = new Set(["waitlist-offer"]);

/** What the caps count of each text sent: a solicited one counts like a reply (not at all). */
function capHistory(records: SentRecord[]): Array<{ at: Date; isReply: boolean }> {
  return records.map((r) => ({ at: r.at, isReply: r.isReply || SOLICITED_PURPOSES.has(r.purpose) }));
}

/** A retry of this same message must not count against its own cap. */
function withoutOwnAttempt(history: Array<{ at: Date; isReply: boolean }>, own: OutboundMessage | null) {
  if (!own) return history;
  const i = history.findIndex((h) => h.at.getTime() === own.createdAt.getTime());
  return i < 0 ? history : [...history.slice(0, i), ...history.slice(i + 1)];
}

/** Who a message is for and what kind it is: all the policy decision needs besides the facts it reads. */
export interface DecisionSubject {
  patientRef: string;
  scope: ConsentScope;
  kind: Delivery["kind"];
}

/**
 * The policy decision for one message, from the facts on file: consent, contact, destination and
 * the texts already sent. `at` and `planned` let a dry run ask "what if it went at this time,
 * after these texts it would also have sent" without sending anything.
 */
export async function decideOutreach(services: Services, subject: DecisionSubject, contact: Contact | null, opts: { at?: Date; own?: OutboundMessage | null; planned?: Array<{ at: Date; isReply: boolean }> } = {}): Promise<SendDecision> {
  const at = opts.at ?? services.clock.now();
  const phone = contact?.phone ?? undefined;
  const since = new Date(at.getTime() - WEEK_MS);
  // Independent reads, asked together: on SQLite they share one wait for the open group commit.
  const [consent, region, sent, destination] = await Promise.all([
    latestConsentForPatient(services.store, services.crypto, subject.patientRef),
    phone ? lookupPhoneRegion(phone) : null,
    sentHistory(services.store, { patientRef: subject.patientRef, phoneIdx: contact?.phoneIdx }, since),
    readDestination(services, subject.patientRef, contact?.phoneIdx),
  ]);
  return decideSend({
    at,
    scope: subject.scope,
    consent,
    recipient: { phone, timeZone: contact?.timeZone ?? undefined, state: contact?.state ?? undefined, phoneRegion: region ?? undefined, phoneVerified: destination.phoneVerified },
    phoneOptedOut: destination.phoneOptedOut,
    wrongNumber: destination.wrongNumber,
    practiceTimeZone: services.config.practice.timeZone,
    history: [...withoutOwnAttempt(capHistory(sent), opts.own ?? null), ...(opts.planned ?? [])],
    caps: services.config.caps,
    contactInvalid: contact?.invalidAt != null,
    kind: subject.kind,
  });
}

async function audit(services: Services, delivery: Delivery, action: string, decision: string, reasons: string[], details = {}) {
  const { req, purpose } = delivery;
  const location = req.location ? { locationId: req.location.id } : {};
  await appendAudit(services.store, { actor: req.actor, action, subjectRef: req.subjectRef, decision, reasons, details: { patientRef: req.patientRef, templateId: purpose, ...location, ...details } });
  log.info(action, { actor: req.actor, subjectRef: req.subjectRef, templateId: purpose, decision, reasons });
  recordMessageOutcome(action, reasons);
}

/**
 * A message Twilio accepted whose bookkeeping a crash may have cut short: its audit entry and
 * `message.sent` event are written if the event is missing (the audit entry is written first,
 * so a missing event means the audit may be missing too; it is marked as reconciled).
 */
async function settleSent(services: Services, delivery: Delivery, messageId: string): Promise<OutreachResult> {
  if (!(await getEvent(services.store, sentEventId(messageId)))) {
    await audit(services, delivery, "message.sent", "send", ["reconciled-after-restart"], { messageId });
    await recordSentEvent(services, delivery, messageId);
  }
  return { outcome: "sent", messageId };
}

const sentEventId = (messageId: string) => `evt-sent-${messageId}`;

async function recordSentEvent(services: Services, { req, purpose }: Delivery, messageId: string): Promise<void> {
  await appendEvent(services.store, { id: sentEventId(messageId), type: "message.sent", refs: { messageId, patientRef: req.patientRef, subjectRef: req.subjectRef }, data: { templateId: purpose }, occurredAt: services.clock.now() });
}

/**
 * Decide, then act: one policy decision (consent, quiet hours, caps), a minimum-necessary
 * render at the consent's PHI level in the patient's language, then exactly one send.
 * A retryable provider failure throws, so the caller's step retries with backoff.
 * `contact`: the patient's contact as the caller just read it in the same step, when it needs
 * it too (to open a question on that phone after the send); read here when absent.
 */
export async function sendOutreach(services: Services, req: OutreachRequest, contact?: Contact | null): Promise<OutreachResult> {
  const { templateId, values, ...rest } = req;
  const delivery: Delivery = {
    req: rest,
    purpose: templateId,
    kind: SOLICITED_PURPOSES.has(templateId) ? "offer" : "outreach",
    render: (phiLevel, language) => renderMessage(services.config, { templateId, language, phiLevel, values, ...(rest.location ? { location: rest.location } : {}) }),
  };
  const result = await decideAndSend(services, delivery, contact);
  if (result.outcome === "sent") await recordSentCommunication(services, { messageId: result.messageId, patientRef: req.patientRef, subjectRef: req.subjectRef });
  return result;
}

/**
 * The path every outbound text takes, whatever renders it (sendOutreach, a staff answer).
 * `knownContact`: see sendOutreach.
 */
export async function decideAndSend(services: Services, delivery: Delivery, knownContact?: Contact | null): Promise<OutreachResult> {
  const { req } = delivery;
  const existing = await getOutboundByEffectKey(services.store, req.effectKey);
  if (existing?.providerSid) {
    // Sent before a crash: finish its bookkeeping and close its effect, without deciding again.
    const settled = await settleSent(services, delivery, existing.id);
    return withEffect(services.store, req.effectKey, async () => settled, { reconcile: async () => settled });
  }

  const contact = knownContact === undefined ? await getContact(services.store, services.crypto, req.patientRef) : knownContact;
  const decision = await decideOutreach(services, { patientRef: req.patientRef, scope: req.scope, kind: delivery.kind }, contact, { own: existing });
  if (decision.action === "defer") {
    await audit(services, delivery, "message.deferred", "defer", decision.reasons, { until: decision.until.toISOString() });
    return { outcome: "deferred", until: decision.until, reasons: decision.reasons };
  }
  if (decision.action === "deny" || !contact?.phone) {
    const reasons = decision.action === "deny" ? decision.reasons : ["no-phone"];
    await audit(services, delivery, "message.skipped", "deny", reasons);
    return { outcome: "denied", reasons };
  }

  // A text the BAA boundary flags waits for the practice's decision (runtime/boundary-gate.ts).
  const hold = smsBoundaryHold(services);
  if (hold) {
    const until = new Date(services.clock.now().getTime() + BOUNDARY_RETRY_MS);
    await audit(services, delivery, "message.deferred", "defer", [BOUNDARY_REASON], { until: until.toISOString(), party: hold.partyId, why: hold.words });
    return { outcome: "deferred", until, reasons: [BOUNDARY_REASON] };
  }

  const rendered = delivery.render(decision.phiLevel, contact.language);
  if (!rendered.ok) {
    await audit(services, delivery, "message.skipped", "deny", rendered.reasons);
    return { outcome: "denied", reasons: rendered.reasons };
  }
  const phone = contact.phone;
  const audited = (action: string, outcome: string, reasons: string[], details?: Record<string, string>) => audit(services, delivery, action, outcome, reasons, details);
  const sender = senderFor(services, req.location);
  return withEffect(
    services.store,
    req.effectKey,
    async (): Promise<OutreachResult> => {
      const { message } = await recordOutbound(services.store, services.crypto, { effectKey: req.effectKey, patientRef: req.patientRef, phone, body: rendered.body, purpose: delivery.purpose, templateId: rendered.variant, isReply: delivery.kind === "answer", sender }, services.clock.now());
      const result = await services.sms.send({ to: phone, body: rendered.body, ...(req.location?.sender ? { sender } : {}) });
      if (!result.ok) return handleSendFailure(services, { ...req, templateId: delivery.purpose, sender }, message.id, phone, result, audited);
      const [, templateVersion] = await Promise.all([markSubmitted(services.store, message.id, result.sid), templateVersionOf(services.store, rendered.variant)]);
      await audited("message.sent", "send", decision.reasons, { messageId: message.id, phiLevel: decision.phiLevel, variables: rendered.variables.join(","), ...templateVersion });
      await recordSentEvent(services, delivery, message.id);
      return { outcome: "sent", messageId: message.id };
    },
    {
      // A crash between Twilio accepting the message and our write leaves the outcome unknown:
      // ask Twilio before risking a second text.
      reconcile: async () => {
        const row = await getOutboundByEffectKey(services.store, req.effectKey);
        if (!row) return undefined;
        if (row.providerSid) return settleSent(services, delivery, row.id);
        const found = await services.sms.findSent({ to: phone, body: rendered.body, since: new Date(row.createdAt.getTime() - 60_000) });
        if (!found) return undefined;
        await markSubmitted(services.store, row.id, found.sid);
        return settleSent(services, delivery, row.id);
      },
    },
  );
}
