/**
 * A REST-hook trigger for one minnow event type. Subscribing registers Zapier's target URL as a
 * minnow hook (its id is kept for unsubscribing); each delivery is one event; performList polls
 * the same shape, newest first, with a stable `id` Zapier dedupes on. Zapier signs no BAA, so minnow
 * sends it ids, the type, the time and opaque references only.
 */
import zapier, { type Bundle, type ZObject } from "zapier-platform-core";
import { apiUrl } from "../minnow-api.js";

export type MinnowEvent = {
  id: string;
  type: string;
  occurredAt: string;
  refs: Record<string, string>;
};

export interface EventTriggerSpec {
  key: string;
  event: string;
  noun: string;
  label: string;
  description: string;
  /** A label for each reference the event carries (the keys of its `refs`). */
  refs: Record<string, string>;
}

/** Example values for the references, opaque ids as minnow sends them. */
const SAMPLE_REFS: Record<string, string> = {
  appointmentRef: "Appointment/a-1",
  patientRef: "Patient/p-1",
  inboundId: "in_01KAW9P0ZR7S4Q2N3M5B8C1D0E",
  cancelledRef: "Appointment/a-1",
  bookedRef: "Appointment/a-2",
  messageId: "msg_01KAW9P0ZR7S4Q2N3M5B8C1D0F",
  subjectRef: "Appointment/a-1",
  runKey: "automation:no-show-follow-up:v1:3kQ9xZ2pL7mN4rT8vW1yB5",
  recipeId: "no-show-follow-up",
};

/** An example of the delivered event, for Zapier's editor: the event's own shape, with opaque refs only. */
export function sampleEvent(event: string, refs: readonly string[]): MinnowEvent {
  return { id: `evt-${event}-sample`, type: event, occurredAt: "2026-11-24T16:00:00.000Z", refs: Object.fromEntries(refs.map((ref) => [ref, SAMPLE_REFS[ref] ?? `${ref}-1`])) };
}

const isEvent = (value: unknown): value is MinnowEvent => typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";

export function eventTrigger(spec: EventTriggerSpec) {
  return zapier.defineTrigger({
    key: spec.key,
    noun: spec.noun,
    display: { label: spec.label, description: spec.description },
    operation: {
      type: "hook",
      performSubscribe: async (z: ZObject, bundle: Bundle) => {
        const response = await z.request({ url: apiUrl(bundle, "/hooks"), method: "POST", headers: { "Content-Type": "application/json" }, body: { event: spec.event, targetUrl: bundle.targetUrl } });
        // The hook's secret stays out of Zapier's storage: only the id is needed to unsubscribe.
        const { id, event, status, destination } = response.data as { id: string; event: string; status: string; destination: string };
        return { id, event, status, destination };
      },
      performUnsubscribe: async (z: ZObject, bundle: Bundle) => {
        const response = await z.request({ url: apiUrl(bundle, `/hooks/${encodeURIComponent(bundle.subscribeData?.id ?? "")}`), method: "DELETE" });
        return response.data as object;
      },
      perform: async (_z: ZObject, bundle: Bundle) => {
        const event: unknown = bundle.cleanedRequest;
        return isEvent(event) ? [event] : [];
      },
      performList: async (z: ZObject, bundle: Bundle) => {
        const limit = bundle.meta?.isPopulatingDedupe ? 100 : 25;
        const response = await z.request({ url: apiUrl(bundle, "/events"), params: { type: spec.event, limit: String(limit) } });
        return (response.data as { events: MinnowEvent[] }).events;
      },
      sample: sampleEvent(spec.event, Object.keys(spec.refs)),
      outputFields: [
        { key: "id", label: "Event ID" },
        { key: "type", label: "Event Type" },
        { key: "occurredAt", label: "Occurred At", type: "datetime" },
        ...Object.entries(spec.refs).map(([ref, label]) => ({ key: `refs__${ref}`, label })),
      ],
    },
  });
}
