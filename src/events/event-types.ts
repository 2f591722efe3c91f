/**
 * The events minnow records and delivers to REST hooks and the polling API. Each names the
 * references it carries and the `data` fields an attested (inside-the-BAA) destination may get;
 * an outside destination gets references only. Refs and data never hold names, phones or times.
 */
export interface EventTypeSpec {
  description: string;
  /** The references a subscriber can expect (opaque ids). */
  refs: readonly string[];
  /** `data` fields that are minimum necessary for this event, sent only to attested destinations. */
  attestedData: readonly string[];
}

export const EVENT_TYPES = {
  "appointment.confirmed": { description: "The patient confirmed an appointment by text.", refs: ["appointmentRef", "patientRef", "inboundId"], attestedData: [] },
  "appointment.reschedule_requested": { description: "The patient asked by text to reschedule.", refs: ["appointmentRef", "patientRef", "inboundId"], attestedData: [] },
  "appointment.declined": { description: "The patient declined an appointment by text.", refs: ["appointmentRef", "patientRef", "inboundId"], attestedData: [] },
  "appointment.cancelled": { description: "Sync found an appointment cancelled at the source.", refs: ["appointmentRef"], attestedData: [] },
  "appointment.no_show": { description: "The source marked an appointment no-show (FHIR noshow, Acuity no-show, HL7 SIU^S26).", refs: ["appointmentRef", "patientRef"], attestedData: [] },
  "appointment.cancelled_by_text": { description: "The patient cancelled by text and minnow cancelled it at the source.", refs: ["appointmentRef", "patientRef", "inboundId"], attestedData: [] },
  "waitlist.offer_sent": { description: "An opening was offered to a waitlisted patient.", refs: ["cancelledRef", "waitlistRef", "patientRef"], attestedData: [] },
  "waitlist.slot_filled": { description: "A waitlisted patient took an opening.", refs: ["cancelledRef", "bookedRef", "patientRef"], attestedData: [] },
  "waitlist.expired": { description: "No one took an opening before the cutoff.", refs: ["cancelledRef"], attestedData: ["reason", "offered"] },
  "patient.opted_out": { description: "A patient opted out of texts (keyword, any wording, or carrier).", refs: ["patientRef"], attestedData: ["via"] },
  "patient.wrong_number": { description: "Whoever has a patient's number replied that it is the wrong number; minnow stops texting the patient there.", refs: ["patientRef", "inboundId"], attestedData: [] },
  "patient.opted_in": { description: "A patient opted back in.", refs: ["patientRef", "consentId"], attestedData: ["via"] },
  "reply.unrecognized": { description: "A reply minnow could not read went to the staff inbox.", refs: ["inboundId", "patientRef"], attestedData: ["openPrompts"] },
  "reply.ambiguous": { description: "A reply could answer more than one open prompt; staff decide.", refs: ["inboundId"], attestedData: ["openPrompts"] },
  "message.sent": { description: "A text was handed to the SMS provider.", refs: ["messageId", "patientRef", "subjectRef"], attestedData: ["templateId"] },
  "message.failed": { description: "A text could not be delivered.", refs: ["messageId", "patientRef", "subjectRef"], attestedData: ["kind", "code", "templateId"] },
  "payment.reminder_sent": { description: "A payment reminder went out for an unpaid balance.", refs: ["balanceRef", "patientRef"], attestedData: ["cadenceDay"] },
  "automation.emitted": { description: "An automation's emit step fired; `event` is the name the automation gives it.", refs: ["runKey", "recipeId", "subjectRef", "patientRef"], attestedData: ["event", "appointmentStart", "locationName"] },
  "automation.run_finished": { description: "An automation run ended (completed, stopped, stood down because the trigger no longer held, or failed).", refs: ["runKey", "recipeId"], attestedData: ["version", "outcome"] },
  "hook.disabled": { description: "A REST hook was disabled after its deliveries kept failing.", refs: ["hookId"], attestedData: ["lastStatus", "attempts"] },
} as const satisfies Record<string, EventTypeSpec>;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as [EventType, ...EventType[]];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}
