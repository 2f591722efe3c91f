import type { PracticeConfig } from "../config/practice.js";
import type { PhiLevel } from "../policy/consent.js";
import { renderTemplate } from "../policy/template-render.js";
import { DEFAULT_TEMPLATES, type TemplateId, type TemplateVariant } from "./default-templates.js";

export type { TemplateId };

const LANGUAGES = ["en", "es"] as const;
type Language = (typeof LANGUAGES)[number];

/** "es-MX" → "es"; anything minnow has no templates for → English. */
export function templateLanguage(language: string | null | undefined): Language {
  const base = (language ?? "en").toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? "") ? (base as Language) : "en";
}

/** The bodies to try, richest first: a practice override, then the built-in variants the PHI level allows. */
export function candidateBodies(config: PracticeConfig, id: TemplateId, language: Language, phiLevel: PhiLevel): Array<{ variant: string; body: string }> {
  const builtIn: Partial<Record<TemplateVariant, string>> = DEFAULT_TEMPLATES[id][language];
  const override = config.templates[id]?.[language];
  const variants: TemplateVariant[] = phiLevel === "minimal" ? ["minimal", "none"] : ["none"];
  const bodies = variants.flatMap((v) => (builtIn[v] ? [{ variant: `${id}.${language}.${v}`, body: builtIn[v] }] : []));
  return override ? [{ variant: `${id}.${language}.custom`, body: override }, ...bodies] : bodies;
}

/** The practice's own details, which every template may use (all never-PHI). */
export function practiceValues(config: PracticeConfig): Record<string, unknown> {
  return { name: config.practice.name, phone: config.practice.phone, hours: config.practice.hours, url: config.practice.url };
}

export type RenderedMessage = { ok: true; body: string; variant: string; variables: string[] } | { ok: false; reasons: string[] };

/**
 * Renders the richest variant the consent allows. A variant that needs more than the PHI
 * level permits (or a value that is missing) falls back to the next, down to the variant
 * that carries no patient detail at all.
 */
export function renderMessage(config: PracticeConfig, req: { templateId: TemplateId; language: string | null | undefined; phiLevel: PhiLevel; values: Record<string, unknown> }): RenderedMessage {
  const language = templateLanguage(req.language);
  const values = { ...req.values, practice: practiceValues(config) };
  const reasons: string[] = [];
  for (const candidate of candidateBodies(config, req.templateId, language, req.phiLevel)) {
    const result = renderTemplate({ body: candidate.body }, values, { phiLevel: req.phiLevel, locale: language, timeZone: config.practice.timeZone, channel: "sms" });
    if (result.ok) return { ok: true, body: result.body, variant: candidate.variant, variables: result.variables };
    reasons.push(...result.refused.map((r) => `${candidate.variant}:${r.variable}:${r.reason}`));
  }
  return { ok: false, reasons: reasons.length ? reasons : [`no-template:${req.templateId}.${language}`] };
}
