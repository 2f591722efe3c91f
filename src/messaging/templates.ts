import type { PracticeConfig } from "../config/practice.js";
import { practiceLocation, type ResolvedLocation } from "../locations/resolve-location.js";
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

type Overrides = PracticeConfig["templates"];

/**
 * The bodies to try, richest first: the location's override, the practice's override, then the
 * built-in variants the PHI level allows.
 */
export function candidateBodies(config: Pick<PracticeConfig, "templates">, id: TemplateId, language: Language, phiLevel: PhiLevel, location?: { id: string; templates: Overrides }): Array<{ variant: string; body: string }> {
  const builtIn: Partial<Record<TemplateVariant, string>> = DEFAULT_TEMPLATES[id][language];
  const variants: TemplateVariant[] = phiLevel === "minimal" ? ["minimal", "none"] : ["none"];
  const bodies = variants.flatMap((v) => (builtIn[v] ? [{ variant: `${id}.${language}.${v}`, body: builtIn[v] }] : []));
  const own = location?.templates[id]?.[language];
  const practice = config.templates[id]?.[language];
  return [
    ...(own ? [{ variant: `${id}.${language}.custom@${location?.id ?? ""}`, body: own }] : []),
    ...(practice ? [{ variant: `${id}.${language}.custom`, body: practice }] : []),
    ...bodies,
  ];
}

/** The practice's own details, which every template may use (all never-PHI). */
export function practiceValues(config: PracticeConfig): Record<string, unknown> {
  return { name: config.practice.name, phone: config.practice.phone, hours: config.practice.hours, url: config.practice.url, surveyUrl: config.practice.surveyUrl };
}

export type RenderedMessage = { ok: true; body: string; variant: string; variables: string[] } | { ok: false; reasons: string[] };

/**
 * Renders the richest variant the consent allows. A variant that needs more than the PHI
 * level permits (or a value that is missing) falls back to the next, down to the variant
 * that carries no patient detail at all. Times are written in the location's zone (the practice's
 * when no location is given), and `location.*` is the location's name, phone and hours.
 */
export function renderMessage(
  config: PracticeConfig,
  req: { templateId: TemplateId; language: string | null | undefined; phiLevel: PhiLevel; values: Record<string, unknown>; location?: ResolvedLocation },
): RenderedMessage {
  const language = templateLanguage(req.language);
  const location = req.location ?? practiceLocation(config);
  const values = { ...req.values, practice: practiceValues(config), location: { name: location.name, phone: location.phone, hours: location.hours } };
  const reasons: string[] = [];
  for (const candidate of candidateBodies(config, req.templateId, language, req.phiLevel, location)) {
    const result = renderTemplate({ body: candidate.body }, values, { phiLevel: req.phiLevel, locale: language, timeZone: location.timeZone, channel: "sms" });
    if (result.ok) return { ok: true, body: result.body, variant: candidate.variant, variables: result.variables };
    reasons.push(...result.refused.map((r) => `${candidate.variant}:${r.variable}:${r.reason}`));
  }
  return { ok: false, reasons: reasons.length ? reasons : [`no-template:${req.templateId}.${language}`] };
}
