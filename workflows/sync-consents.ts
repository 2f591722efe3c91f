import type { Consent } from "@medplum/fhirtypes";
import { consentFromFhir } from "../connectors/fhir/import-consents.js";
import { FhirRequestError } from "../connectors/fhir/fhir-error.js";
import { toRelativeRef } from "../connectors/fhir/references.js";
import { resourcesOfType, searchPages } from "../connectors/fhir/search-pages.js";
import type { AppointmentRecord } from "../connectors/records.js";
import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { consentHistory, consentsByPhoneIdx, recordConsent, revokeAllForPatient } from "../src/store/consent-ledger.js";

/**
 * The EHR's own `Consent` resources for the patients a sync page brought, imported into the
 * consent ledger: a Consent that names minnow's SMS scopes becomes a grant (once: its evidence is
 * its id and version), a withdrawn or expired one revokes the patient's grants. A grant never
 * overrides an opt-out recorded at or after it. A server without Consent search costs nothing.
 */
const CHUNK = 50;

async function grantAllowed(services: Services, patientRef: string, phone: string, evidence: string, capturedAt: Date): Promise<boolean> {
  if ((await consentHistory(services.store, services.crypto, patientRef)).some((c) => c.evidence === evidence)) return false;
  const onPhone = await consentsByPhoneIdx(services.store, services.crypto, services.crypto.index.phone(phone));
  return !onPhone.some((c) => c.revokedAt != null && c.revokedAt >= capturedAt);
}

async function applyConsent(services: Services, consent: Consent, phones: ReadonlyMap<string, string>): Promise<boolean> {
  const now = services.clock.now();
  const patientRef = toRelativeRef(consent.patient?.reference, "Patient");
  const imported = consentFromFhir(consent, { phone: patientRef ? phones.get(patientRef) : undefined, now });
  if (imported.kind === "skip") return false;
  if (imported.kind === "revoke") {
    return (await revokeAllForPatient(services.store, imported.patientRef, { reason: `EHR consent withdrawn (${imported.evidence})`, at: imported.at })) > 0;
  }
  const { input } = imported;
  if (!(await grantAllowed(services, input.patientRef, input.phone, input.evidence ?? "", input.capturedAt ?? now))) return false;
  await recordConsent(services.store, services.crypto, input, now);
  return true;
}

/** How many ledger changes the EHR's Consents made for these appointments' patients. */
export async function importEhrConsents(services: Services, records: readonly AppointmentRecord[]): Promise<number> {
  const client = services.sources.fhir;
  if (!client || !services.config.fhir.importConsents) return 0;
  const phones = new Map<string, string>();
  for (const r of records) if (r.source === "fhir" && r.contact.phone) phones.set(r.patientRef, r.contact.phone);
  const refs = [...phones.keys()];
  let changed = 0;
  for (let i = 0; i < refs.length; i += CHUNK) {
    try {
      for await (const page of searchPages(client, "Consent", { patient: refs.slice(i, i + CHUNK).join(","), _count: 200 })) {
        for (const consent of resourcesOfType<Consent>(page, "Consent")) if (await applyConsent(services, consent, phones)) changed += 1;
      }
    } catch (err) {
      if (err instanceof FhirRequestError && err.status !== undefined && err.status >= 400 && err.status < 500) {
        log.debug("sync.consents_unavailable", { status: err.status });
        return changed;
      }
      log.warn("sync.consents_failed", { errorKind: errorKind(err) });
      return changed;
    }
  }
  if (changed) log.info("sync.consents_imported", { changed });
  return changed;
}
