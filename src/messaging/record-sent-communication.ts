import { recordCommunication } from "../../connectors/fhir/actions/record-communication.js";
import { errorKind, log } from "../log.js";
import type { Services } from "../runtime/services.js";
import { readOutboundContent } from "../store/outbound-messages.js";

/**
 * After a text about a FHIR appointment went out, and when the practice enables it
 * (`fhir.communications.record`), the EHR gets a Communication so staff see the reminder history
 * in the chart. Idempotent on minnow's message id; a failed write is logged and never undoes or
 * repeats the send (the next attempt of the same message records it).
 */
export async function recordSentCommunication(services: Services, sent: { messageId: string; patientRef: string; subjectRef: string }): Promise<void> {
  const setting = services.config.fhir.communications;
  const client = services.sources.fhir;
  if (!setting.record || !client || !sent.patientRef.startsWith("Patient/") || !sent.subjectRef.startsWith("Appointment/")) return;
  try {
    const body = setting.body === "full" ? (await readOutboundContent(services.store, services.crypto, sent.messageId))?.body : undefined;
    const { ref } = await recordCommunication(client, { messageId: sent.messageId, patientRef: sent.patientRef, appointmentRef: sent.subjectRef, sentAt: services.clock.now(), ...(body ? { body } : {}) });
    log.info("fhir.communication.recorded", { messageId: sent.messageId, communicationRef: ref, withBody: Boolean(body) });
  } catch (err) {
    log.warn("fhir.communication.failed", { messageId: sent.messageId, subjectRef: sent.subjectRef, errorKind: errorKind(err) });
  }
}
