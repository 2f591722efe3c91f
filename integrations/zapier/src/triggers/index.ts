/**
 * One trigger per minnow event an automation builder is likely to want; each is a REST hook with
 * a polling fallback. A new event type is one more line here.
 */
import { eventTrigger } from "./event-trigger.js";

const APPOINTMENT_REPLY = { appointmentRef: "Appointment", patientRef: "Patient", inboundId: "Reply ID" };

export const triggers = [
  eventTrigger({ key: "appointment_confirmed", event: "appointment.confirmed", noun: "Confirmation", label: "Appointment Confirmed", description: "Triggers when a patient confirms an appointment by text.", refs: APPOINTMENT_REPLY }),
  eventTrigger({ key: "appointment_reschedule_requested", event: "appointment.reschedule_requested", noun: "Reschedule Request", label: "Reschedule Requested", description: "Triggers when a patient asks by text to reschedule.", refs: APPOINTMENT_REPLY }),
  eventTrigger({ key: "appointment_declined", event: "appointment.declined", noun: "Decline", label: "Appointment Declined", description: "Triggers when a patient declines an appointment by text.", refs: APPOINTMENT_REPLY }),
  eventTrigger({ key: "appointment_cancelled", event: "appointment.cancelled", noun: "Cancellation", label: "Appointment Cancelled", description: "Triggers when a sync finds an appointment cancelled in the EHR or scheduler.", refs: { appointmentRef: "Appointment" } }),
  eventTrigger({ key: "appointment_no_show", event: "appointment.no_show", noun: "No-Show", label: "Appointment No-Show", description: "Triggers when the EHR, the scheduler or an HL7 feed marks an appointment no-show.", refs: { appointmentRef: "Appointment", patientRef: "Patient" } }),
  eventTrigger({ key: "waitlist_slot_filled", event: "waitlist.slot_filled", noun: "Filled Opening", label: "Waitlist Opening Filled", description: "Triggers when a waitlisted patient takes a freed appointment slot.", refs: { cancelledRef: "Cancelled Appointment", bookedRef: "Booked Appointment", patientRef: "Patient" } }),
  eventTrigger({ key: "waitlist_expired", event: "waitlist.expired", noun: "Unfilled Opening", label: "Waitlist Opening Expired", description: "Triggers when nobody on the waitlist takes a freed slot in time.", refs: { cancelledRef: "Cancelled Appointment" } }),
  eventTrigger({ key: "patient_opted_out", event: "patient.opted_out", noun: "Opt-Out", label: "Patient Opted Out", description: "Triggers when a patient opts out of texts, in any wording or through the carrier.", refs: { patientRef: "Patient" } }),
  eventTrigger({ key: "reply_unrecognized", event: "reply.unrecognized", noun: "Reply", label: "Reply Needs a Person", description: "Triggers when a patient's reply cannot be read automatically and waits in minnow's staff inbox.", refs: { inboundId: "Reply ID", patientRef: "Patient" } }),
  eventTrigger({ key: "automation_run_finished", event: "automation.run_finished", noun: "Recipe Run", label: "Recipe Run Finished", description: "Triggers when one of the practice's automation recipes finishes a run for a patient: completed, stopped, stood down or failed.", refs: { runKey: "Run", recipeId: "Recipe" } }),
  eventTrigger({ key: "message_failed", event: "message.failed", noun: "Failed Text", label: "Text Failed", description: "Triggers when a text cannot be delivered.", refs: { messageId: "Message ID", patientRef: "Patient", subjectRef: "About" } }),
];
