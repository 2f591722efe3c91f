import type { Hl7Message } from "@medplum/core";
import type { PhoneNormalizer } from "../fhir/map-contact.js";
import type { PatientContact } from "../records.js";
import { component, repetitions, requireSegment } from "./segments.js";
import { HL7_ERROR, reject } from "./siu-problem.js";

/**
 * PID: who the appointment is for. The identifier (PID-3, with its assigning authority) becomes
 * an opaque patient reference; the first name (PID-5.2) is kept for the template; of the phone
 * numbers (PID-13, XTN) only a cell phone, equipment type `CP`, is ever texted: a home line (PH),
 * fax (FX) or pager (BP) never is, whatever its use code says.
 */
export interface SiuPatient {
  /** "<authority>|<id>": the caller turns it into an opaque reference. */
  identifier: string;
  firstName?: string;
  contact: PatientContact;
  /** Why no number was taken, when none was. */
  noPhone?: "no-cell-phone" | "invalid-phone";
}

function xtnNumber(part: (comp: number) => string): string {
  const unformatted = part(12);
  if (unformatted) return unformatted;
  const local = part(7);
  if (local) return `${part(5) ? `+${part(5).replace(/^\+/, "")}` : ""}${part(6)}${local}`;
  return part(1);
}

function cellPhone(message: Hl7Message, normalize: PhoneNormalizer): { phone?: string; noPhone?: SiuPatient["noPhone"] } {
  const cells = repetitions(message.getSegment("PID"), 13).filter((part) => part(3).toUpperCase() === "CP");
  if (!cells.length) return { noPhone: "no-cell-phone" };
  const phone = cells.map((part) => normalize(xtnNumber(part))).find((e164) => e164 !== undefined);
  return phone ? { phone } : { noPhone: "invalid-phone" };
}

export function readPatient(message: Hl7Message, normalize: PhoneNormalizer): SiuPatient {
  const pid = requireSegment(message, "PID");
  const id = component(pid, 3, 1);
  if (!id) reject("AE", HL7_ERROR.requiredFieldMissing, "PID", 3, "PID-3 (patient identifier list) has no identifier.");
  const authority = component(pid, 3, 4);
  const contact: PatientContact = {};
  const { phone, noPhone } = cellPhone(message, normalize);
  if (phone) contact.phone = phone;
  const state = component(pid, 11, 4).toUpperCase();
  if (/^[A-Z]{2}$/.test(state)) contact.state = state;
  const language = component(pid, 15, 1).toLowerCase();
  if (/^[a-z]{2}$/.test(language)) contact.language = language;
  const firstName = component(pid, 5, 2);
  return { identifier: `${authority}|${id}`, ...(firstName ? { firstName } : {}), contact, ...(noPhone ? { noPhone } : {}) };
}
