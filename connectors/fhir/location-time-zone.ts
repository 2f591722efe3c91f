import type { Location } from "@medplum/fhirtypes";
import { isValidTimeZone } from "../../src/policy/time-zone.js";
import type { FhirClient } from "./client.js";
import { FhirRequestError } from "./fhir-error.js";
import { idOf, toRelativeRef } from "./references.js";

/**
 * The time zone a FHIR Location declares, through the core extension
 * http://hl7.org/fhir/StructureDefinition/timezone (an IANA code). R4 has no element for it, so
 * servers that know a site's zone carry it there.
 */
export const TIMEZONE_EXTENSION_URL = "http://hl7.org/fhir/StructureDefinition/timezone";

export type LocationZone = { zone: string } | { zone: null; why: "none" | "not-iana" | "gone" };

/** Pure: the zone the resource declares, or why it gives none. */
export function locationTimeZone(location: Pick<Location, "extension">): LocationZone {
  const extension = location.extension?.find((e) => e.url === TIMEZONE_EXTENSION_URL);
  const value = extension?.valueCode ?? extension?.valueString;
  if (!value) return { zone: null, why: "none" };
  return isValidTimeZone(value) ? { zone: value } : { zone: null, why: "not-iana" };
}

/** Reads the Location and returns its zone; a Location the server no longer has gives none. Other failures throw. */
export async function readLocationTimeZone(client: FhirClient, ref: string): Promise<LocationZone> {
  const relative = toRelativeRef(ref, "Location");
  if (!relative) return { zone: null, why: "none" };
  try {
    return locationTimeZone(await client.read<Location>("Location", idOf(relative)));
  } catch (err) {
    if (err instanceof FhirRequestError && (err.status === 404 || err.status === 410)) return { zone: null, why: "gone" };
    throw err;
  }
}
