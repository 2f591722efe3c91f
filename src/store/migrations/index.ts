import type { Migration } from "kysely";
import { coreTables } from "./001-core.js";
import { engineJournal } from "./002-engine-journal.js";
import { triggerTokens } from "./003-trigger-tokens.js";
import { hotPathIndexes } from "./004-hot-path-indexes.js";
import { consentScopeHistory } from "./005-consent-scope-history.js";
import { patientPhones } from "./006a-patient-phones.js";
import { inboundOptOutType } from "./006b-inbound-opt-out-type.js";
import { phoneOptOuts } from "./006c-phone-opt-outs.js";
import { auditSeal } from "./007a-audit-seal.js";
import { idempotencyRequests } from "./007b-idempotency-requests.js";
import { replyChoices } from "./008-reply-choices.js";
import { consoleTables } from "./009-console.js";
import { outboundSender } from "./010-outbound-sender.js";
import { hl7Feed } from "./014-hl7-feed.js";
import { fhirExportState } from "./015-fhir-export-state.js";
import { hl7AppointmentDay } from "./017-hl7-appointment-day.js";
import { fhirExportJobs } from "./022-fhir-export-jobs.js";
import { consentOrderIndexes } from "./023-consent-order-indexes.js";
import { practiceConfigVersions } from "./011-practice-config-versions.js";
import { templateVersions } from "./012-template-versions.js";
import { automations } from "./013-automations.js";

/** One versioned migration set for both dialects. Never edit a released migration: add a new one. */
export const migrations: Record<string, Migration> = {
  "001-core": coreTables,
  "002-engine-journal": engineJournal,
  "003-trigger-tokens": triggerTokens,
  "004-hot-path-indexes": hotPathIndexes,
  "005-consent-scope-history": consentScopeHistory,
  "006a-patient-phones": patientPhones,
  "006b-inbound-opt-out-type": inboundOptOutType,
  "006c-phone-opt-outs": phoneOptOuts,
  "007a-audit-seal": auditSeal,
  "007b-idempotency-requests": idempotencyRequests,
  "008-reply-choices": replyChoices,
  "009-console": consoleTables,
  "010-outbound-sender": outboundSender,
  "011-practice-config-versions": practiceConfigVersions,
  "012-template-versions": templateVersions,
  "013-automations": automations,
  "014-hl7-feed": hl7Feed,
  "015-fhir-export-state": fhirExportState,
  "017-hl7-appointment-day": hl7AppointmentDay,
  "022-fhir-export-jobs": fhirExportJobs,
  "023-consent-order-indexes": consentOrderIndexes,
};
