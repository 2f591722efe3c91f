import type { Hl7Message, Hl7Segment } from "@medplum/core";
import { HL7_ERROR, reject } from "./siu-problem.js";

/** Small readers over @medplum/core's HL7 model: trimmed strings, "" when absent. */
export function component(segment: Hl7Segment | undefined, field: number, comp = 1, repetition = 0): string {
  return segment?.getField(field)?.getComponent(comp, undefined, repetition)?.trim() ?? "";
}

/** Each repetition of a field, as its components (1-based access through the returned reader). */
export function repetitions(segment: Hl7Segment | undefined, field: number): Array<(comp: number) => string> {
  const value = segment?.getField(field);
  if (!value) return [];
  return value.components.map((parts) => (comp: number) => parts[comp - 1]?.trim() ?? "");
}

export function requireSegment(message: Hl7Message, name: string): Hl7Segment {
  const segment = message.getSegment(name);
  if (!segment) reject("AE", HL7_ERROR.segmentSequence, name, undefined, `The ${name} segment is missing; an SIU message needs it.`);
  return segment;
}
