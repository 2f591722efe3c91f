// Public face of the policy kernel's second half: replies, consent, when to send, BAA boundary.
export {
  classifyReply,
  REMINDER_PROMPT,
  type PromptExpectation,
  type ReplyClassification,
  type ReplyIntent,
} from "./classify-reply.js";
export {
  CONSENT_REASONS,
  CONSENT_SCOPES,
  CONSENT_SOURCES,
  ConsentSchema,
  ConsentScopeSchema,
  ConsentSourceSchema,
  decideConsent,
  PHI_LEVELS,
  PhiLevelSchema,
  type Consent,
  type ConsentDecision,
  type ConsentReason,
  type ConsentScope,
  type ConsentSource,
  type PhiLevel,
} from "./consent.js";
export {
  isWithinSendWindow,
  nextSendWindow,
  resolveSendWindowContext,
  type SendWindowContext,
  type SendWindowOptions,
  type SendWindowRecipient,
} from "./quiet-hours.js";
export { lookupPhoneRegion, phoneCountry, type PhoneRegion } from "./phone-region.js";
export { toStateCode } from "./quiet-hours-rules.js";
export {
  checkFrequencyCap,
  DEFAULT_FREQUENCY_CAPS,
  type FrequencyCapDecision,
  type FrequencyCaps,
  type SentMessage,
} from "./frequency-cap.js";
export {
  boundaryHasErrors,
  DATA_CLASS_PHI,
  DATA_CLASSES,
  evaluateBoundary,
  type BaaAttestation,
  type BoundaryCode,
  type BoundaryFinding,
  type BoundaryFlow,
  type BoundaryInput,
  type BoundaryParty,
  type DataClass,
} from "./baa-boundary.js";
