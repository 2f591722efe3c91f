import type { Bundle, Create, InputField, ZObject } from "../types.js";

/** A create that POSTs its input fields to one minnow action, with the Zap run as Idempotency-Key. */
function actionCreate(opts: { key: string; path: string; noun: string; label: string; description: string; inputFields: InputField[]; sample: Record<string, unknown>; body?: (input: Bundle["inputData"]) => unknown }): Create {
  return {
    key: opts.key,
    noun: opts.noun,
    display: { label: opts.label, description: opts.description },
    operation: {
      path: opts.path,
      inputFields: opts.inputFields,
      perform: async (z: ZObject, bundle: Bundle) => {
        const idempotency = bundle.inputData.idempotencyKey ?? bundle.meta?.zap?.id;
        const response = await z.request({
          url: `${bundle.authData.baseUrl}${opts.path}`,
          method: "POST",
          body: opts.body ? opts.body(bundle.inputData) : {},
          headers: idempotency ? { "Idempotency-Key": idempotency } : {},
        });
        response.throwForStatus();
        const data = response.data as { outcome?: string; reasons?: string[] };
        // A policy refusal is an answer, not an HTTP error: surface it so the Zap run shows why.
        if (data.outcome === "denied" || data.outcome === "failed") throw new z.errors.Error(`minnow did not send: ${(data.reasons ?? []).join(", ")}`, data.outcome);
        return data;
      },
      sample: opts.sample,
    },
  };
}

const idempotencyKey: InputField = { key: "idempotencyKey", label: "Idempotency key", helpText: "Optional. The same key acts once (default: none)." };

export const creates = [
  actionCreate({
    key: "send_message", path: "/api/actions/send-message", noun: "Message", label: "Send Message",
    description: "Texts a patient one of minnow's templates, if consent, quiet hours and caps allow.",
    inputFields: [{ key: "patientRef", label: "Patient ref", required: true }, { key: "templateId", label: "Template", required: true, choices: ["appointment-reminder", "reschedule-instructions", "payment-reminder"] }, { key: "subjectRef", label: "About (appointment or invoice ref)" }, idempotencyKey],
    body: (i) => ({ patientRef: i.patientRef, templateId: i.templateId, ...(i.subjectRef ? { subjectRef: i.subjectRef } : {}) }),
    sample: { outcome: "sent", messageId: "msg_01KAW9" },
  }),
  actionCreate({
    key: "add_to_waitlist", path: "/api/actions/add-to-waitlist", noun: "Waitlist Entry", label: "Add to Waitlist",
    description: "Puts a patient on minnow's waitlist for a period.",
    inputFields: [{ key: "patientRef", label: "Patient ref", required: true }, { key: "requestedStart", label: "From (ISO date-time)", required: true }, { key: "requestedEnd", label: "Until (ISO date-time)", required: true }, idempotencyKey],
    body: (i) => ({ patientRef: i.patientRef, requestedStart: i.requestedStart, requestedEnd: i.requestedEnd }),
    sample: { id: "wl_01KAW9", warnings: [] },
  }),
  actionCreate({
    key: "record_consent", path: "/api/actions/record-consent", noun: "Consent", label: "Record Consent",
    description: "Records a patient's consent to texts, with its source and evidence.",
    inputFields: [{ key: "patientRef", label: "Patient ref", required: true }, { key: "phone", label: "Mobile phone (E.164)", required: true }, { key: "scopes", label: "Scopes (comma-separated)", required: true }, { key: "phiLevel", label: "PHI level", required: true, choices: ["none", "minimal"] }, { key: "source", label: "Source", required: true, choices: ["web-form", "paper", "verbal"] }, { key: "evidence", label: "Evidence" }, idempotencyKey],
    body: (i) => ({ patientRef: i.patientRef, phone: i.phone, scopes: (i.scopes ?? "").split(",").map((s) => s.trim()).filter(Boolean), phiLevel: i.phiLevel, source: i.source, ...(i.evidence ? { evidence: i.evidence } : {}) }),
    sample: { id: "cns_01KAW9", warnings: [] },
  }),
  actionCreate({
    key: "sync_now", path: "/api/actions/sync-now", noun: "Sync", label: "Sync Now",
    description: "Pulls appointments and balances from every source now.",
    inputFields: [idempotencyKey],
    sample: { runId: "sync:api-1", started: true },
  }),
];
