import type { Hl7Message } from "@medplum/core";
import { HL7_LOCATION_PREFIX } from "../../src/locations/location-directory.js";
import { component } from "./segments.js";

/**
 * The resource segments: AIP (the provider, AIP-3), else AIG (a general resource such as a
 * room or device, AIG-3), and AIL (the location, AIL-3: point of care, else facility). AIS (the
 * service) is read for its start time only: a service type is always-PHI and stays out of
 * minnow's record. Each becomes a source-qualified reference; a location reference matches a
 * configured location through its `hl7` codes.
 */
export interface SiuResources {
  practitionerRef?: string;
  locationRef?: string;
}


const CODE = /^[A-Za-z0-9._-]{1,64}$/;

function code(value: string): string | undefined {
  return CODE.test(value) ? value : undefined;
}

export function readResources(message: Hl7Message): SiuResources {
  const provider = code(component(message.getSegment("AIP"), 3, 1));
  const general = code(component(message.getSegment("AIG"), 3, 1));
  const ail = message.getSegment("AIL");
  const place = code(component(ail, 3, 1)) ?? code(component(ail, 3, 4));
  const resources: SiuResources = {};
  if (provider) resources.practitionerRef = `hl7-practitioner:${provider}`;
  else if (general) resources.practitionerRef = `hl7-resource:${general}`;
  if (place) resources.locationRef = `${HL7_LOCATION_PREFIX}${place}`;
  return resources;
}
