import type { Patient } from "@medplum/fhirtypes";
import { CONSENT_SCOPES, decideConsent, type ConsentScope } from "../../policy/consent.js";
import { displayPhone } from "../../messaging/reply-texts.js";
import type { Services } from "../../runtime/services.js";
import { consentHistory, type ConsentRecord } from "../../store/consent-ledger.js";
import { conversationMessages, type ConversationMessage } from "../../store/conversation-messages.js";
import { openItemsOnPhones } from "../../store/staff-inbox.js";
import { waitlistForPatient, type WaitlistEntry } from "../../store/waitlist.js";
import { fhirOf, patientName, readPatients } from "./ehr-directory.js";
import { looksLikePhone, patientsOnPhone } from "./phone-lookup.js";
import { readStanding, type PatientStanding } from "./patient-standing.js";

/**
 * One patient as the front desk looks them up: who (from the EHR), where texting stands scope by
 * scope (the same decision every send takes), the consent ledger's whole history, the recent
 * messages, and their place on minnow's waitlist.
 */
export interface ScopeStanding {
  scope: ConsentScope;
  allowed: boolean;
  phiLevel: "none" | "minimal";
  reasons: string[];
}

export interface PatientView {
  ref: string;
  name: string;
  birthDate: string | null;
  phone: string | null;
  language: string | null;
  standing: PatientStanding;
  scopes: ScopeStanding[];
  history: ConsentRecord[];
  messages: ConversationMessage[];
  inboxHref: string | null;
  waitlist: WaitlistEntry[];
}

export async function readPatientView(services: Services, ref: string): Promise<PatientView | null> {
  const [patients, standing] = await Promise.all([readPatients(services, [ref]), readStanding(services, ref)]);
  const patient: Patient | undefined = patients.get(ref);
  const history = await consentHistory(services.store, services.crypto, ref);
  if (!patient && !standing.contact && history.length === 0) return null;
  const now = services.clock.now();
  const phoneIdx = standing.contact?.phoneIdx ?? null;
  const open = phoneIdx ? await openItemsOnPhones(services.store, [phoneIdx]) : new Map();
  const item = phoneIdx ? open.get(phoneIdx) : undefined;
  return {
    ref,
    name: patient ? patientName(patient) : "Name not on file",
    birthDate: patient?.birthDate ?? null,
    phone: standing.contact?.phone ? displayPhone(standing.contact.phone) : null,
    language: standing.contact?.language ?? null,
    standing,
    scopes: CONSENT_SCOPES.map((scope) => {
      const d = decideConsent(standing.consent, { scope, at: now });
      return { scope, allowed: d.allowed, phiLevel: d.phiLevel, reasons: d.reasons };
    }),
    history,
    messages: phoneIdx ? (await conversationMessages(services.store, services.crypto, phoneIdx, 30)).filter((m) => m.direction === "in" || m.patientRef === ref || m.patientRef === null) : [],
    inboxHref: item ? `/inbox/${item.inboundId}` : null,
    waitlist: (await waitlistForPatient(services.store, ref)).filter((e) => e.status !== "removed"),
  };
}

export interface SearchHit {
  ref: string;
  name: string;
  birthDate: string | null;
}

/** Patients by phone (minnow's blind index) or by name (the EHR's search). */
export async function searchPatients(services: Services, query: string): Promise<{ by: "phone" | "name"; hits: SearchHit[] }> {
  if (looksLikePhone(query)) {
    const refs = (await patientsOnPhone(services, query)) ?? [];
    const patients = await readPatients(services, refs);
    return { by: "phone", hits: refs.map((ref) => ({ ref, name: patientName(patients.get(ref)), birthDate: patients.get(ref)?.birthDate ?? null })) };
  }
  const client = fhirOf(services);
  if (!client) return { by: "name", hits: [] };
  const bundle = await client.search("Patient", { name: query.trim(), _count: 25 });
  const hits = (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === "Patient" && e.resource.id ? [{ ref: `Patient/${e.resource.id}`, name: patientName(e.resource), birthDate: e.resource.birthDate ?? null }] : []));
  return { by: "name", hits };
}
