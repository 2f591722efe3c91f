import { flagsContactInvalid } from "../../connectors/twilio/error-codes.js";
import { markPhoneInvalid } from "../store/contacts.js";
import { appendEvent } from "../store/events.js";
import { markFailed } from "../store/outbound-messages.js";
import type { Services } from "../runtime/services.js";
import { applyCarrierUnsubscribe } from "./carrier-unsubscribe.js";
import type { GatewayResult } from "./sms-gateway.js";

type Failure = Extract<GatewayResult, { ok: false }>;
type Audit = (action: string, decision: string, reasons: string[], details?: Record<string, string>) => Promise<void>;

export class RetryableSendError extends Error {
  override name = "RetryableSendError";
}

/**
 * What a refused send means for the patient's record:
 * 21610 (unsubscribed at the carrier) opts the phone out as a STOP would (carrier-unsubscribe.ts),
 * with no retry;
 * 21211/21614/30005 (not a usable number) and 30006 (landline) flag the number invalid; 30003
 * (handset unreachable) leaves it as it is; 30007 flags the template for carrier filtering;
 * 429/5xx throw so the step retries with backoff.
 */
export async function handleSendFailure(
  services: Services,
  req: { patientRef: string; templateId: string; subjectRef: string; sender: string },
  messageId: string,
  phone: string,
  failure: Failure,
  audit: Audit,
): Promise<{ outcome: "failed"; reasons: string[] }> {
  if (failure.kind === "retryable") {
    throw new RetryableSendError(`The SMS provider is unavailable (code ${failure.code ?? "none"}); the step will retry with backoff.`);
  }
  const { store, crypto } = services;
  const at = services.clock.now();
  await markFailed(store, messageId, String(failure.code ?? failure.kind), at);
  const phoneIdx = crypto.index.phone(phone);
  if (failure.kind === "unsubscribed") {
    await applyCarrierUnsubscribe(services, { phoneIdx, sender: req.sender, sourceRef: messageId, at });
  }
  if (flagsContactInvalid(failure.kind)) await markPhoneInvalid(store, phoneIdx, at);
  await appendEvent(store, { type: "message.failed", refs: { patientRef: req.patientRef, messageId, subjectRef: req.subjectRef }, data: { kind: failure.kind, code: failure.code ?? null }, occurredAt: at, id: `evt-failed-${messageId}` });
  const reasons = [failure.kind === "filtered" ? "carrier-filtered-template" : failure.kind];
  await audit("message.failed", failure.kind, reasons, { messageId, code: String(failure.code ?? "") });
  return { outcome: "failed", reasons };
}
