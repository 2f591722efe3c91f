import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The events a minnow hook can subscribe to (minnow's `GET /api/event-types`; a test keeps the two
 * equal). A new minnow event, such as a recipe run finishing, is one more line here.
 */
export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Appointment Cancelled', value: 'appointment.cancelled', description: 'Sync found an appointment cancelled at the source' },
	{ name: 'Appointment Cancelled by Text', value: 'appointment.cancelled_by_text', description: 'The patient cancelled by text and minnow cancelled it at the source' },
	{ name: 'Appointment Confirmed', value: 'appointment.confirmed', description: 'The patient confirmed an appointment by text' },
	{ name: 'Appointment Declined', value: 'appointment.declined', description: 'The patient declined an appointment by text' },
	{ name: 'Appointment No-Show', value: 'appointment.no_show', description: 'The source marked an appointment no-show (FHIR, Acuity or an HL7 feed)' },
	{ name: 'Automation Emitted', value: 'automation.emitted', description: "An automation's emit step fired" },
	{ name: 'Automation Run Finished', value: 'automation.run_finished', description: 'An automation run ended' },
	{ name: 'Hook Disabled', value: 'hook.disabled', description: 'A REST hook was disabled after its deliveries kept failing' },
	{ name: 'Message Failed', value: 'message.failed', description: 'A text could not be delivered' },
	{ name: 'Message Sent', value: 'message.sent', description: 'A text was handed to the SMS provider' },
	{ name: 'Patient Opted In', value: 'patient.opted_in', description: 'A patient opted back in' },
	{ name: 'Patient Opted Out', value: 'patient.opted_out', description: 'A patient opted out of texts (keyword, any wording, or carrier)' },
	{ name: 'Patient Wrong Number', value: 'patient.wrong_number', description: 'Whoever has a patient\'s number replied that it is the wrong number; minnow stops texting the patient there' },
	{ name: 'Payment Reminder Sent', value: 'payment.reminder_sent', description: 'A payment reminder went out for an unpaid balance' },
	{ name: 'Reply Ambiguous', value: 'reply.ambiguous', description: 'A reply could answer more than one open prompt; staff decide' },
	{ name: 'Reply Unrecognized', value: 'reply.unrecognized', description: 'A reply minnow could not read went to the staff inbox' },
	{ name: 'Reschedule Requested', value: 'appointment.reschedule_requested', description: 'The patient asked by text to reschedule' },
	{ name: 'Waitlist Offer Sent', value: 'waitlist.offer_sent', description: 'An opening was offered to a waitlisted patient' },
	{ name: 'Waitlist Opening Expired', value: 'waitlist.expired', description: 'No one took an opening before the cutoff' },
	{ name: 'Waitlist Slot Filled', value: 'waitlist.slot_filled', description: 'A waitlisted patient took an opening' },
];
