import { hookTrigger } from "./hook-trigger.js";

const appointment = { appointmentRef: "Appointment/a-1", patientRef: "Patient/p-1", inboundId: "in_01KAW9" };

/** One trigger per event an automation builder is likely to want; all are REST hooks with performList. */
export const triggers = [
  hookTrigger({ key: "appointment_confirmed", event: "appointment.confirmed", noun: "Confirmation", label: "Appointment Confirmed", description: "Triggers when a patient confirms an appointment by text.", refs: appointment }),
  hookTrigger({ key: "appointment_reschedule_requested", event: "appointment.reschedule_requested", noun: "Reschedule Request", label: "Reschedule Requested", description: "Triggers when a patient asks by text to reschedule.", refs: appointment }),
  hookTrigger({ key: "appointment_declined", event: "appointment.declined", noun: "Decline", label: "Appointment Declined", description: "Triggers when a patient declines an appointment by text.", refs: appointment }),
  hookTrigger({ key: "appointment_cancelled", event: "appointment.cancelled", noun: "Cancellation", label: "Appointment Cancelled", description: "Triggers when sync finds an appointment cancelled.", refs: { appointmentRef: "Appointment/a-1" } }),
  hookTrigger({ key: "waitlist_slot_filled", event: "waitlist.slot_filled", noun: "Filled Slot", label: "Waitlist Slot Filled", description: "Triggers when a waitlisted patient takes an opening.", refs: { cancelledRef: "Appointment/a-1", bookedRef: "Appointment/a-2", patientRef: "Patient/p-2" } }),
  hookTrigger({ key: "waitlist_expired", event: "waitlist.expired", noun: "Unfilled Slot", label: "Waitlist Opening Expired", description: "Triggers when no one takes an opening in time.", refs: { cancelledRef: "Appointment/a-1" } }),
  hookTrigger({ key: "patient_opted_out", event: "patient.opted_out", noun: "Opt-out", label: "Patient Opted Out", description: "Triggers when a patient opts out of texts.", refs: { patientRef: "Patient/p-1" } }),
  hookTrigger({ key: "reply_unrecognized", event: "reply.unrecognized", noun: "Reply", label: "Unrecognized Reply", description: "Triggers when a reply needs a person to read it (in minnow's staff inbox).", refs: { inboundId: "in_01KAW9", patientRef: "Patient/p-1" } }),
  hookTrigger({ key: "message_failed", event: "message.failed", noun: "Failed Message", label: "Message Failed", description: "Triggers when a text cannot be delivered.", refs: { messageId: "msg_01KAW9", patientRef: "Patient/p-1", subjectRef: "Appointment/a-1" } }),
];
