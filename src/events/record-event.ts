import type { Store } from "../store/db.js";
import { appendEvent, type EventInput } from "../store/events.js";
import { EVENT_TYPES, type EventType, type EventTypeSpec } from "./event-types.js";
import { isOpaqueRef } from "./minimize.js";

/**
 * Appends an event of a known type whose references are all opaque. A wrong ref is a bug in the
 * caller, so it throws rather than storing something that might identify a patient.
 */
export async function recordEvent(store: Store, input: EventInput & { type: EventType }): Promise<string> {
  const spec: EventTypeSpec = EVENT_TYPES[input.type];
  for (const [key, value] of Object.entries(input.refs ?? {})) {
    if (!spec.refs.includes(key)) throw new Error(`Event ${input.type}: ref "${key}" is not one of ${spec.refs.join(", ")}; add it to src/events/event-types.ts or drop it.`);
    if (!isOpaqueRef(value)) throw new Error(`Event ${input.type}: ref "${key}" is not an opaque id; pass the reference, never the value.`);
  }
  return appendEvent(store, input);
}
