import { describe, expect, it } from "vitest";
import { MalformedNotificationError, parseSubscriptionNotification, type SubscriptionNotification } from "../../../connectors/fhir/subscription-receiver.js";
import { appointment } from "./helpers/fixtures.js";

const BACKPORT_PROFILE = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";

function backportBundle(type: string, focus: string[] = [], extraEntries: object[] = []) {
  return {
    resourceType: "Bundle",
    type: "history",
    timestamp: "2030-03-01T12:00:00Z",
    entry: [
      {
        fullUrl: "urn:uuid:9bbd0b4e-f24e-4e03-bd55-4b9a8b9d7f2b",
        resource: {
          resourceType: "Parameters",
          meta: { profile: [BACKPORT_PROFILE] },
          parameter: [
            { name: "subscription", valueReference: { reference: "http://ehr.test/fhir/Subscription/sub1" } },
            { name: "topic", valueCanonical: "http://example.org/SubscriptionTopic/appointment-change" },
            { name: "status", valueCode: "active" },
            { name: "type", valueCode: type },
            { name: "events-since-subscription-start", valueString: "3" },
            ...focus.map((reference, i) => ({ name: "notification-event", part: [{ name: "event-number", valueString: String(i + 1) }, { name: "focus", valueReference: { reference } }] })),
          ],
        },
        request: { method: "GET", url: "http://ehr.test/fhir/Subscription/sub1/$status" },
        response: { status: "200" },
      },
      ...extraEntries,
    ],
  };
}

function r4bBundle(type: string, focus: string[]) {
  return {
    resourceType: "Bundle",
    type: "subscription-notification",
    entry: [{ resource: { resourceType: "SubscriptionStatus", status: "active", type, subscription: { reference: "Subscription/sub2" }, notificationEvent: focus.map((reference) => ({ eventNumber: "1", focus: { reference } })) } }],
  };
}

describe("parseSubscriptionNotification", () => {
  it.each<[string, unknown, SubscriptionNotification]>([
    ["a backport handshake", backportBundle("handshake"), { kind: "handshake", format: "backport", subscriptionRef: "Subscription/sub1", appointmentRefs: [], eventsSinceStart: 3 }],
    ["a backport heartbeat", backportBundle("heartbeat"), { kind: "heartbeat", format: "backport", subscriptionRef: "Subscription/sub1", appointmentRefs: [], eventsSinceStart: 3 }],
    ["a backport id-only event", backportBundle("event-notification", ["http://ehr.test/fhir/Appointment/a1", "Patient/p1"], [{ fullUrl: "http://ehr.test/fhir/Appointment/a1" }]), { kind: "event-notification", format: "backport", subscriptionRef: "Subscription/sub1", appointmentRefs: ["Appointment/a1"], eventNumbers: [1, 2], eventsSinceStart: 3 }],
    ["a backport full-resource event", backportBundle("event-notification", ["Appointment/a1"], [{ fullUrl: "http://ehr.test/fhir/Appointment/a2", resource: appointment("a2", "p1") }]), { kind: "event-notification", format: "backport", subscriptionRef: "Subscription/sub1", appointmentRefs: ["Appointment/a1", "Appointment/a2"], eventNumbers: [1], eventsSinceStart: 3 }],
    ["an R4B SubscriptionStatus event", r4bBundle("event-notification", ["Appointment/a9"]), { kind: "event-notification", format: "backport", subscriptionRef: "Subscription/sub2", appointmentRefs: ["Appointment/a9"], eventNumbers: [1] }],
    ["an R4 rest-hook id-only bundle", { resourceType: "Bundle", type: "history", entry: [{ fullUrl: "http://ehr.test/fhir/Appointment/a3/_history/2" }, { request: { method: "PUT", url: "Appointment/a4" } }] }, { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: ["Appointment/a3", "Appointment/a4"] }],
    ["an R4 rest-hook full-resource bundle", { resourceType: "Bundle", type: "collection", entry: [{ resource: appointment("a5", "p1") }, { resource: { resourceType: "Patient", id: "p1" } }] }, { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: ["Appointment/a5"] }],
    ["an R4 rest-hook single resource as text", JSON.stringify(appointment("a6", "p1")), { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: ["Appointment/a6"] }],
    ["an R4 rest-hook ping with no payload", "", { kind: "event-notification", format: "r4-rest-hook", appointmentRefs: [] }],
  ])("reads %s", (_name, body, expected) => {
    expect(parseSubscriptionNotification(body)).toEqual(expected);
  });

  it.each<[string, unknown, string]>([
    ["text that is not JSON", "<xml/>", "not JSON"],
    ["an array", [1, 2], "not a FHIR resource object"],
    ["a Patient", { resourceType: "Patient", id: "p1" }, "is Patient; expected a Bundle or an Appointment"],
    ["an object with no resourceType", { hello: "world" }, "is no resourceType"],
    ["an Appointment without id", { resourceType: "Appointment" }, "has no id"],
    ["a Bundle with no entries", { resourceType: "Bundle", type: "history" }, "has no entries"],
    ["a backport status without a type", backportBundle(""), "status type is missing"],
    ["a backport status with an unknown type", backportBundle("query-status"), 'status type is "query-status"'],
  ])("rejects %s with a clear error", (_name, body, message) => {
    expect(() => parseSubscriptionNotification(body)).toThrow(MalformedNotificationError);
    expect(() => parseSubscriptionNotification(body)).toThrow(message);
  });
});
