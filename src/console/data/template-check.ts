import type { PracticeConfig } from "../../config/practice.js";
import { DEFAULT_TEMPLATES, TEMPLATE_IDS, type TemplateId } from "../../messaging/default-templates.js";
import { lintPracticeTemplate, type TemplateLintReport } from "../../messaging/template-lint.js";
import { renderMessage } from "../../messaging/templates.js";
import type { PhiLevel } from "../../policy/consent.js";
import { knownVariables } from "../../policy/phi-dictionary.js";
import { nonGsmCharacters, smsSegments, type SmsSegments } from "../../policy/sms-segments.js";
import { renderTemplate, type RenderRefusal } from "../../policy/template-render.js";

/**
 * What the templates studio shows beside a template as it is typed: the findings of the same lint
 * the config load runs, the texts it makes and their encoding, and a preview with sample data at
 * each PHI level, with the variables that level drops and why.
 */
export type TemplateLanguage = "en" | "es";

export function isTemplateKey(id: string, language: string): id is TemplateId {
  return (TEMPLATE_IDS as string[]).includes(id) && (language === "en" || language === "es");
}

/** Sample values for every variable minnow knows (dates three days from `now`), nothing real. */
export function sampleValues(now: Date): Record<string, unknown> {
  const when = new Date(now.getTime() + 3 * 86_400_000);
  when.setUTCHours(15, 30, 0, 0);
  const values: Record<string, unknown> = {};
  for (const v of knownVariables()) {
    const sample = v.kind === "number" ? 15 : v.kind === "text" || v.kind === "url" ? (v.path.endsWith("firstName") ? "Alex" : v.worstCase) : when.toISOString();
    const parts = v.path.split(".");
    let node = values;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1] ?? ""] = sample;
  }
  return values;
}

export interface LevelPreview {
  level: PhiLevel;
  /** What a patient at this level would read: this text, or the built-in text it falls back to. */
  body: string | null;
  usesThisText: boolean;
  dropped: RenderRefusal[];
}

export interface TemplateCheck {
  lint: TemplateLintReport;
  segments: SmsSegments | null;
  specialCharacters: string[];
  previews: LevelPreview[];
}

function preview(config: PracticeConfig, id: TemplateId, language: TemplateLanguage, body: string, level: PhiLevel, values: Record<string, unknown>): LevelPreview {
  const withText: PracticeConfig = { ...config, templates: { ...config.templates, [id]: { ...config.templates[id], [language]: body } } };
  const own = renderTemplate({ body }, { ...values, practice: { ...(values.practice as object), name: config.practice.name } }, { phiLevel: level, locale: language, timeZone: config.practice.timeZone, channel: "sms" });
  const sent = renderMessage(withText, { templateId: id, language, phiLevel: level, values });
  return {
    level,
    body: sent.ok ? sent.body : null,
    usesThisText: sent.ok && sent.variant.endsWith(".custom"),
    dropped: own.ok ? [] : own.refused,
  };
}

export function checkTemplate(config: PracticeConfig, id: TemplateId, language: TemplateLanguage, body: string, now: Date): TemplateCheck {
  const lint = lintPracticeTemplate(config, id, body);
  const syntaxOk = !lint.findings.some((f) => f.rule === "template-syntax");
  const values = sampleValues(now);
  const previews = syntaxOk && body.trim() ? (["none", "minimal"] as const).map((level) => preview(config, id, language, body, level, values)) : [];
  // Counted on the text as sent with sample data; on the template itself when it cannot render.
  const counted = previews.find((p) => p.level === "minimal" && p.usesThisText)?.body ?? body;
  return { lint, segments: counted ? smsSegments(counted) : null, specialCharacters: nonGsmCharacters(counted), previews };
}

/** The text a template starts from in the editor: the practice's own, or the built-in's richest. */
export function startingText(config: PracticeConfig, id: TemplateId, language: TemplateLanguage): string {
  const own = config.templates[id]?.[language];
  if (own) return own;
  const builtIn: { minimal?: string; none?: string } = DEFAULT_TEMPLATES[id][language];
  return builtIn.minimal ?? builtIn.none ?? "";
}
