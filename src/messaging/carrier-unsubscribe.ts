import { consentChanged } from "../automations/start-runs.js";
import type { Services } from "../runtime/services.js";
import { listOpenPrompts } from "../store/prompts.js";
import { readPhoneConsentState } from "./inbound/phone-consent-state.js";
import { revokePhone } from "./inbound/revoke-phone.js";

/**
 * Twilio's 21610: the phone unsubscribed at the carrier (it texted STOP to that sender, perhaps
 * where minnow never saw it). Wherever minnow learns it, from a refused send or from a status
 * callback, the same follows as for a STOP minnow received itself: the phone is opted out, every
 * consent on it revoked (a family's shared phone included), the questions open on it closed and
 * their workflows told, and each patient whose consent this turned off is a consent change that
 * starts the automations listening for one. Safe to repeat. Returns those patients.
 */
export async function applyCarrierUnsubscribe(services: Services, p: { phoneIdx: string; sender: string; sourceRef: string; at: Date }): Promise<string[]> {
  const state = await readPhoneConsentState(services, p.phoneIdx);
  const prompts = await listOpenPrompts(services.store, p.phoneIdx, p.sender, p.at);
  const revoked = await revokePhone(services, state, { reason: "carrier-unsubscribed-21610", via: "carrier-21610", sourceRef: p.sourceRef, prompts, at: p.at });
  for (const patientRef of revoked) await consentChanged(services, patientRef, p.at);
  return revoked;
}
