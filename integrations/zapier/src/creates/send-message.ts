/** Texts a patient one of minnow's templates, through the same policy decision every workflow uses. */
import zapier, { type Bundle, type ZObject } from "zapier-platform-core";
import { idempotencyKeyField, postAction } from "../minnow-api.js";

interface SendResult {
  outcome: "sent" | "deferred" | "denied" | "failed";
  messageId?: string;
  until?: string;
  reasons?: string[];
}

export const sendMessage = zapier.defineCreate({
  key: "send_message",
  noun: "Message",
  display: { label: "Send Text", description: "Texts a patient one of minnow's templates, if consent, quiet hours and frequency caps allow." },
  operation: {
    inputFields: [
      { key: "patientRef", label: "Patient", required: true, helpText: "The patient's reference, e.g. `Patient/123` (never a name or phone)." },
      { key: "templateId", label: "Template", required: true, choices: { "appointment-reminder": "Appointment reminder", "reschedule-instructions": "How to reschedule", "payment-reminder": "Payment reminder" } },
      { key: "subjectRef", label: "About", required: false, helpText: "Optional: the appointment or invoice reference the text is about, for the audit log." },
      idempotencyKeyField,
    ],
    perform: async (z: ZObject, bundle: Bundle) => {
      const { patientRef, templateId, subjectRef, idempotencyKey } = bundle.inputData;
      const result = await postAction<SendResult>(z, bundle, "/actions/send-message", { patientRef, templateId, ...(subjectRef ? { subjectRef } : {}) }, idempotencyKey);
      const reasons = (result.reasons ?? []).join(", ");
      // A refusal by policy (no consent, opted out) is an answer, not a fault: stop the Zap and say why.
      if (result.outcome === "denied") throw new z.errors.HaltedError(`minnow did not send the text: ${reasons}`);
      if (result.outcome === "failed") throw new z.errors.Error(`The text could not be sent: ${reasons}`, "SendFailed", 502);
      return result;
    },
    sample: { outcome: "sent", messageId: "msg_01KAW9P0ZR7S4Q2N3M5B8C1D0F" },
    outputFields: [
      { key: "outcome", label: "Outcome" },
      { key: "messageId", label: "Message ID" },
      { key: "until", label: "Deferred Until", type: "datetime" },
    ],
  },
});
