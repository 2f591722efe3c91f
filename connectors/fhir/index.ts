import { defineConnector } from "../define.js";
import { bookWaitlistedAction } from "./actions/book-waitlisted.js";
import { cancelAppointmentAction } from "./actions/cancel-appointment.js";
import { recordCommunicationAction } from "./actions/record-communication.js";
import { setParticipantStatusAction } from "./actions/set-participant-status.js";
import { fhirConnectionSchema } from "./auth.js";
import { appointmentsWindowTrigger } from "./triggers/appointments-window.js";
import { subscriptionNotificationTrigger } from "./triggers/subscription-notification.js";
import { unpaidBalancesTrigger } from "./triggers/unpaid-balances.js";
import { waitlistEntriesTrigger } from "./triggers/waitlist-entries.js";

/**
 * The FHIR R4 EHR connector. The EHR is the practice's system of record and already holds the
 * PHI; its vendor is normally a business associate with a signed BAA, and minnow's API access
 * must fall under that agreement.
 */
export const fhirConnector = defineConnector({
  id: "fhir",
  displayName: "FHIR R4 EHR",
  baa: {
    offered: true,
    mustAttest: "The EHR vendor (or whoever hosts the FHIR API) has signed a BAA with the practice that covers API access by third-party apps such as minnow; record who signed it and when.",
  },
  // Clinical: Appointment.reasonCode and serviceType arrive with each resource, although the
  // mapping drops them. Financial: Invoices for payment reminders.
  receives: ["reference", "contact", "schedule", "location", "demographic", "clinical", "financial"],
  auth: fhirConnectionSchema,
  triggers: [appointmentsWindowTrigger, subscriptionNotificationTrigger, waitlistEntriesTrigger, unpaidBalancesTrigger],
  actions: [setParticipantStatusAction, cancelAppointmentAction, bookWaitlistedAction, recordCommunicationAction],
});

export { createFhirClient, type FhirClient, type FhirClientOptions } from "./client.js";
export { FhirRequestError } from "./fhir-error.js";
export { pullAppointments } from "./pull-appointments.js";
export { pullWaitlist } from "./pull-waitlist.js";
export { pullBalances } from "./pull-balances.js";
export { parseSubscriptionNotification, MalformedNotificationError } from "./subscription-receiver.js";
export { setParticipantStatus } from "./actions/set-participant-status.js";
export { cancelAppointment } from "./actions/cancel-appointment.js";
export { bookWaitlisted } from "./actions/book-waitlisted.js";
export { recordCommunication } from "./actions/record-communication.js";
