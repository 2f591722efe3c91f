import type { Services } from "../runtime/services.js";
import { phoneOptOut } from "../store/phone-opt-outs.js";
import { phoneStanding } from "../store/patient-phones.js";

/**
 * What the policy decision needs to know about the exact number a text goes to, compared by blind
 * index: was it proven to reach this patient, did whoever has it call it the wrong number, and
 * did it opt out. A verification of any other number says nothing about this one.
 */
export interface Destination {
  phoneVerified: boolean;
  wrongNumber: boolean;
  phoneOptedOut: boolean;
}

export async function readDestination(services: Pick<Services, "store">, patientRef: string | null, phoneIdx: string | null | undefined): Promise<Destination> {
  const [standing, optOut] = await Promise.all([
    patientRef ? phoneStanding(services.store, patientRef, phoneIdx) : Promise.resolve(null),
    phoneOptOut(services.store, phoneIdx),
  ]);
  return { phoneVerified: standing?.verified ?? false, wrongNumber: standing?.wrongNumber ?? false, phoneOptedOut: optOut !== null };
}
