import type { CapabilityStatement, Subscription } from "@medplum/fhirtypes";

/**
 * The rest-hook Subscription minnow asks an EHR for: the R4 Backport IG's topic-based form when the
 * server advertises an appointment topic, else a classic R4 criteria Subscription on Appointment.
 * Both deliver id-only notifications to PUBLIC_URL's receiver with the bearer token header, and
 * carry minnow's tag, so minnow lists and deletes only its own.
 */
export const MINNOW_TAG = { system: "urn:minnow", code: "managed-subscription" } as const;
const BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition";
const TOPIC_EXTENSION = `${BACKPORT}/capabilitystatement-subscriptiontopic-canonical`;
const BACKPORT_PROFILE = `${BACKPORT}/backport-subscription`;

export interface SubscriptionTarget {
  endpoint: string;
  token: string;
}

/** The appointment topic the server advertises (Backport IG), or undefined. */
export function appointmentTopic(statement: CapabilityStatement | undefined): string | undefined {
  const resources = statement?.rest?.flatMap((r) => r.resource ?? []) ?? [];
  const subscription = resources.find((r) => r.type === "Subscription");
  const topics = (subscription?.extension ?? []).filter((e) => e.url === TOPIC_EXTENSION).map((e) => e.valueCanonical ?? "");
  return topics.find((t) => /appointment/i.test(t));
}

export function buildSubscription(target: SubscriptionTarget, topic: string | undefined): Subscription {
  const channel: Subscription["channel"] = {
    type: "rest-hook",
    endpoint: target.endpoint,
    payload: "application/fhir+json",
    header: [`Authorization: Bearer ${target.token}`],
  };
  const base = { resourceType: "Subscription" as const, meta: { tag: [{ ...MINNOW_TAG }] }, status: "requested" as const, reason: "minnow: appointment changes start a sync" };
  if (!topic) return { ...base, criteria: "Appointment?", channel };
  return {
    ...base,
    meta: { ...base.meta, profile: [BACKPORT_PROFILE] },
    criteria: topic,
    channel: { ...channel, _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: "id-only" }] } } as Subscription["channel"],
    extension: [{ url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: 3600 }],
  };
}
