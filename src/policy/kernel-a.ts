// Public face of the policy kernel's first half: PHI dictionary, templates, lint, SMS segments.
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
