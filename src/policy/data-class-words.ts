import type { DataClass } from "./baa-boundary.js";

/**
 * The data classes of the BAA boundary in the words a practice manager uses ("first names", not
 * "first-name"), for the console's boundary cards and the runtime's held-text reasons.
 */
export const DATA_CLASS_WORDS: Readonly<Record<DataClass, string>> = Object.freeze({
  reference: "opaque references (no patient details)",
  contact: "phone numbers",
  "first-name": "first names",
  schedule: "appointment times",
  location: "location names",
  clinical: "clinical details",
  demographic: "demographics",
  financial: "financial details",
  "message-body": "message text",
});

/** "phone numbers, message text and first names"; an unknown class reads as itself. */
export function dataClassWords(classes: readonly string[]): string {
  const words = classes.map((c) => (Object.hasOwn(DATA_CLASS_WORDS, c) ? DATA_CLASS_WORDS[c as DataClass] : c.replace(/-/g, " ")));
  if (words.length <= 1) return words[0] ?? "nothing";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
