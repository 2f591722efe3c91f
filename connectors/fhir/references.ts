/**
 * FHIR references arrive relative ("Patient/1"), absolute ("https://ehr/fhir/Patient/1") or
 * versioned ("Patient/1/_history/3"). Records hold the plain relative form so refs compare equal.
 */
const TYPE_AND_ID = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?\/?$/;

/** "Type/id" for a literal reference, or undefined for contained ("#x"), urn: or malformed ones. */
export function toRelativeRef(reference: string | undefined, expectedType?: string): string | undefined {
  if (!reference || reference.startsWith("#") || reference.startsWith("urn:")) return undefined;
  const match = TYPE_AND_ID.exec(reference);
  if (!match) return undefined;
  const [, type, id] = match;
  if (!type || !id || (expectedType && type !== expectedType)) return undefined;
  return `${type}/${id}`;
}

export function idOf(relativeRef: string): string {
  return relativeRef.slice(relativeRef.indexOf("/") + 1);
}

interface HasActor {
  actor?: { reference?: string };
}

/** The first participant whose actor is a literal reference to `type` (Patient, Practitioner, Location). */
export function participantRef(participants: readonly HasActor[] | undefined, type: string): string | undefined {
  for (const participant of participants ?? []) {
    const ref = toRelativeRef(participant.actor?.reference, type);
    if (ref) return ref;
  }
  return undefined;
}

/** Parses "Type/id" given by a caller (an action input) or throws a message that says what is expected. */
export function requireRef(ref: string, type: string): { type: string; id: string } {
  const relative = toRelativeRef(ref, type);
  if (!relative) throw new Error(`Expected a ${type} reference like "${type}/123", got "${ref}".`);
  return { type, id: idOf(relative) };
}
