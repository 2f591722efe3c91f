import type { Services } from "../../runtime/services.js";
import { InvalidPhoneError, normalizePhone } from "../../store/blind-index.js";
import { patientRefsByPhone } from "../../store/contacts.js";

/**
 * A phone number typed by staff, in any common format, to the patients minnow knows on it
 * (through the blind index: the number itself is never searched in the clear). Null when what
 * was typed is not a phone number.
 */
export async function patientsOnPhone(services: Services, typed: string): Promise<string[] | null> {
  let phone: string;
  try {
    phone = normalizePhone(typed.trim());
  } catch (err) {
    if (err instanceof InvalidPhoneError) return null;
    throw err;
  }
  return patientRefsByPhone(services.store, services.crypto, phone);
}

/** Looks like a phone number rather than a name: mostly digits. */
export function looksLikePhone(typed: string): boolean {
  const digits = typed.replace(/\D/g, "").length;
  return digits >= 7 && digits >= typed.replace(/[\s()+.-]/g, "").length * 0.8;
}
