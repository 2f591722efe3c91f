import type { StoreCrypto } from "../../src/store/store-crypto.js";
import { toE164 } from "../fhir/map-contact.js";
import type { SiuParseOptions } from "./parse-siu.js";

/**
 * How this practice reads SIU: times without an offset are in the practice's zone, and a
 * patient identifier (an MRN: always-PHI) becomes a keyed hash, the same one every time.
 */
export const HL7_PATIENT_PREFIX = "hl7-patient:";

export function siuParseOptions(config: { practice: { timeZone: string } }, crypto: Pick<StoreCrypto, "index">): SiuParseOptions {
  return {
    timeZone: config.practice.timeZone,
    normalizePhone: toE164,
    patientRefOf: (identifier) => `${HL7_PATIENT_PREFIX}${crypto.index.hmac("hl7-patient", identifier).slice(0, 32)}`,
  };
}
