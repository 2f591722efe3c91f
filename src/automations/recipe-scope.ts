import type { ConsentScope } from "../policy/consent.js";

/**
 * The consent scope a recipe's text needs, from its template purpose: billing texts need billing
 * consent, waitlist texts the waitlist scope, broadcasts the broadcast scope; everything else a
 * recipe sends is about the patient's appointments and care (a follow-up, a recall, a survey).
 */
const SCOPE_BY_PURPOSE: Readonly<Record<string, ConsentScope>> = {
  "payment-reminder": "billing",
  "waitlist-offer": "waitlist",
  broadcast: "broadcast",
};

export function scopeForPurpose(purpose: string): ConsentScope {
  return SCOPE_BY_PURPOSE[purpose] ?? "appointment";
}
