/** Synthetic FHIR Subscription notification bodies (R4 rest-hook and Backport IG), nothing real. */
export const SUBSCRIPTION_TOKEN = "test-fhir-subscription-token-0123456789";
const BACKPORT_PROFILE = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";

/** A Backport IG notification Bundle (R4 Parameters status entry) of the given type. */
export function backportBundle(type: string, focus: string[] = []): object {
  return {
    resourceType: "Bundle",
    type: "history",
    entry: [
      {
        fullUrl: "urn:uuid:6f1c2c1e-9b1a-4c55-9f0e-2d8d7f4f0a11",
        resource: {
          resourceType: "Parameters",
          meta: { profile: [BACKPORT_PROFILE] },
          parameter: [
            { name: "subscription", valueReference: { reference: "http://ehr.test/fhir/Subscription/sub-7" } },
            { name: "status", valueCode: "active" },
            { name: "type", valueCode: type },
            ...focus.map((reference, i) => ({ name: "notification-event", part: [{ name: "event-number", valueString: String(i + 1) }, { name: "focus", valueReference: { reference } }] })),
          ],
        },
      },
    ],
  };
}

/** An R4B heartbeat (SubscriptionStatus status entry). */
export function r4bHeartbeat(): object {
  return { resourceType: "Bundle", type: "subscription-notification", entry: [{ resource: { resourceType: "SubscriptionStatus", status: "active", type: "heartbeat", subscription: { reference: "Subscription/sub-8" } } }] };
}

/** An R4 rest-hook id-only Bundle naming changed appointments. */
export function restHookBundle(appointmentRefs: string[], baseUrl = "http://ehr.test/fhir"): object {
  return { resourceType: "Bundle", type: "history", entry: appointmentRefs.map((ref) => ({ fullUrl: `${baseUrl}/${ref}` })) };
}
