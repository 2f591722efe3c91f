import { flagsContactInvalid } from "../../../connectors/twilio/error-codes.js";
import type { StatusUpdate } from "../../../connectors/twilio/status-callback.js";
import { log } from "../../log.js";
import type { Services } from "../../runtime/services.js";
import { appendAudit } from "../../store/audit-log.js";
import { markPhoneInvalid } from "../../store/contacts.js";
import { appendEvent } from "../../store/events.js";
import { updateStatusBySid } from "../../store/outbound-messages.js";
import { applyCarrierUnsubscribe } from "../carrier-unsubscribe.js";

export type StatusResult = "updated" | "unchanged" | "unknown-sid";

async function outboundBySid(services: Services, providerSid: string) {
  return services.store.db
    .selectFrom("outbound_messages")
    .select(["id", "patient_ref", "phone_idx", "template_id", "sender"])
    .where("provider_sid", "=", providerSid)
    .executeTakeFirst();
}

/**
 * A Twilio status callback: the outbound row's status moves forward (late, repeated and
 * out-of-order callbacks change nothing), and a failure's meaning is acted on once, by the
 * callback that recorded it: 21610 revokes every consent on the phone (the patient opted out at
 * the carrier; a consent change for each patient it revoked), 21211/21614/30005 (no usable number) and 30006 (landline) flag the number invalid,
 * 30003 (handset off or out of coverage) leaves the contact as it is, 30007 flags the template for
 * carrier filtering.
 * Acting only on the recording callback means a duplicate 21610 arriving after the patient texted
 * START cannot revoke the fresh consent.
 */
export async function applyStatusCallback(services: Services, update: StatusUpdate): Promise<StatusResult> {
  const { store } = services;
  const at = services.clock.now();
  const errorCode = update.errorCode === undefined ? null : String(update.errorCode);
  const result = await updateStatusBySid(store, update.messageSid, update.status, errorCode, at);
  log.info("message.status", { messageSid: update.messageSid, status: update.status, errorCode, result });
  if (result !== "updated" || !update.failure) return result;

  const row = await outboundBySid(services, update.messageSid);
  if (!row) return result;
  const refs: Record<string, string> = row.patient_ref ? { messageId: row.id, patientRef: row.patient_ref } : { messageId: row.id };
  if (update.failure === "unsubscribed") {
    await applyCarrierUnsubscribe(services, { phoneIdx: row.phone_idx, sender: row.sender ?? services.sms.sender, sourceRef: row.id, at });
  }
  if (flagsContactInvalid(update.failure)) await markPhoneInvalid(store, row.phone_idx, at);
  if (update.failure === "filtered") {
    await appendAudit(store, {
      actor: "carrier:twilio",
      action: "template.flagged",
      subjectRef: row.template_id,
      decision: "carrier-filtered",
      reasons: ["carrier-filtered-template"],
      details: { messageId: row.id, code: errorCode ?? "" },
      at,
    });
  }
  // Same id as a refusal at send time (send-failure.ts), so one failed message is one event.
  await appendEvent(store, {
    id: `evt-failed-${row.id}`,
    type: "message.failed",
    refs: row.template_id ? { ...refs, templateId: row.template_id } : refs,
    data: { kind: update.failure, code: update.errorCode ?? null },
    occurredAt: at,
  });
  return result;
}
