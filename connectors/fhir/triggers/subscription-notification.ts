import type { TriggerDefinition } from "../../define.js";
import type { SubscriptionNotification } from "../subscription-receiver.js";

/** Receives the EHR's Subscription notifications (R4 rest-hook or Backport IG) as refs to re-read. */
export const subscriptionNotificationTrigger: TriggerDefinition<SubscriptionNotification> = {
  id: "subscription-notification",
  displayName: "Appointment changed (FHIR Subscription)",
  strategy: "webhook",
  why: "Where the EHR supports rest-hook Subscriptions, a change reaches minnow in seconds instead of at the next poll. Only refs are taken from the body and each appointment is re-read, so a forged or stale payload cannot inject data; the window poll remains the safety net.",
  sample: {
    kind: "event-notification",
    format: "backport",
    subscriptionRef: "Subscription/example-1",
    appointmentRefs: ["Appointment/example-1"],
  },
};
