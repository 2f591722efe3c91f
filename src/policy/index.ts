// The policy kernel: pure decisions, no I/O. Its public face:
// PHI dictionary, templates, lint and SMS segments;
export {
  knownVariables,
  PHI_CLASSES,
  phiClassAllowed,
  phiClassOf,
  phiVariable,
  VARIABLE_KINDS,
  type PhiClass,
  type PhiVariable,
  type VariableKind,
} from "./phi-dictionary.js";
export { DEFAULT_MAX_VALUE_LENGTH, sanitizeValue } from "./sanitize.js";
export {
  parseTemplate,
  TemplateSyntaxError,
  type ParsedTemplate,
  type TemplatePart,
  type TemplateText,
  type TemplateVariable,
} from "./template-parse.js";
export {
  FORMATTER_STYLES,
  resolveTemplateLocale,
  TEMPLATE_LOCALES,
  type FormatterName,
  type TemplateLocale,
} from "./template-formatters.js";
export {
  renderTemplate,
  type RenderOptions,
  type RenderRefusal,
  type RenderRefusalReason,
  type RenderResult,
} from "./template-render.js";
export { lintTemplate, type LintResult, type LintTemplateInput, type LintTemplateOptions } from "./lint-template.js";
export { TEMPLATE_PURPOSES, type LintFinding, type LintRuleId, type TemplatePurpose } from "./lint-rules/types.js";
export { PRESCRIPTION_DRUG_NAMES } from "./lint-rules/content.js";
export { findReplyInstructions, type ReplyInstruction } from "./lint-rules/reply-instructions.js";
export {
  GSM7_PART,
  GSM7_SINGLE,
  isGsm7Char,
  nonGsmCharacters,
  smsSegments,
  UCS2_PART,
  UCS2_SINGLE,
  type SmsEncoding,
  type SmsSegments,
} from "./sms-segments.js";

// replies, consent, when to send, and the BAA boundary.
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
export { decideSend, type SendDecision, type SendRequest } from "./decide-send.js";
