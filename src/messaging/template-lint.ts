import { locationEntryId } from "../config/locations-schema.js";
import type { PracticeConfig } from "../config/practice.js";
import { ConfigError } from "../config/env.js";
import { lintTemplate } from "../policy/lint-template.js";
import { lintLocationName } from "../policy/lint-rules/location-name.js";
import type { LintFinding } from "../policy/lint-rules/types.js";
import { DEFAULT_TEMPLATES, TEMPLATE_IDS, TEMPLATE_PURPOSE, type TemplateId, type TemplateVariant } from "./default-templates.js";

export interface TemplateLintReport {
  template: string;
  ok: boolean;
  findings: Array<Omit<LintFinding, "rule"> & { rule: LintFinding["rule"] | "unknown-template" | "unknown-locale" }>;
}

function lintOne(template: string, id: TemplateId, body: string, phiLevel: "none" | "minimal", lowered: readonly string[] = []): TemplateLintReport {
  const purpose = TEMPLATE_PURPOSE[id];
  const result = lintTemplate({ body, purpose, firstMessage: purpose !== "reply" }, { phiLevel, prohibitedContentLowered: lowered });
  return { template, ok: result.ok, findings: result.findings };
}

type Overrides = PracticeConfig["templates"];

/**
 * Configured overrides, each at the richest level it may render at; `prefix` is their config path,
 * `lowered` the age-gated SHAFT-C categories the practice lowered to warnings (lint.prohibitedContent).
 */
function lintOverrides(prefix: string, overrides: Overrides, lowered: readonly string[]): TemplateLintReport[] {
  const reports: TemplateLintReport[] = [];
  for (const [id, locales] of Object.entries(overrides)) {
    if (!(TEMPLATE_IDS as string[]).includes(id)) {
      reports.push({ template: `${prefix}.${id}`, ok: false, findings: [{ rule: "unknown-template", severity: "error", message: `Unknown template "${id}"; use one of: ${TEMPLATE_IDS.join(", ")}.` }] });
      continue;
    }
    for (const [language, body] of Object.entries(locales)) {
      if (language !== "en" && language !== "es") {
        reports.push({ template: `${prefix}.${id}.${language}`, ok: false, findings: [{ rule: "unknown-locale", severity: "error", message: `No locale "${language}"; minnow has templates for en and es.` }] });
        continue;
      }
      reports.push(lintOne(`${prefix}.${id}.${language}`, id as TemplateId, body, "minimal", lowered));
    }
  }
  return reports;
}

/** Each location's name (a warning when it names a specialty) and its own template overrides. */
function lintLocations(config: PracticeConfig, lowered: readonly string[]): TemplateLintReport[] {
  return config.locations.flatMap((entry, index) => {
    const findings = lintLocationName(entry.name);
    const name: TemplateLintReport = { template: `locations.${index}.name (${locationEntryId(entry)})`, ok: true, findings };
    return [...(findings.length ? [name] : []), ...lintOverrides(`locations.${index}.templates`, entry.templates ?? {}, lowered)];
  });
}

/** One practice override as the config load lints it: the same rules the console's editor shows as you type. */
export function lintPracticeTemplate(config: PracticeConfig, id: TemplateId, body: string): TemplateLintReport {
  return lintOne(`templates.${id}`, id, body, "minimal", config.lint.prohibitedContent?.categories ?? []);
}

/** Lints every built-in and configured template (the practice's and each location's), and the location names. */
export function lintAllTemplates(config: PracticeConfig): TemplateLintReport[] {
  const reports: TemplateLintReport[] = [];
  for (const id of TEMPLATE_IDS) {
    for (const language of ["en", "es"] as const) {
      const set: Partial<Record<TemplateVariant, string>> = DEFAULT_TEMPLATES[id][language];
      for (const [variant, body] of Object.entries(set) as Array<[TemplateVariant, string]>) {
        reports.push(lintOne(`${id}.${language}.${variant} (built-in)`, id, body, variant === "minimal" ? "minimal" : "none"));
      }
    }
  }
  const lowered = config.lint.prohibitedContent?.categories ?? [];
  return [...reports, ...lintOverrides("templates", config.templates, lowered), ...lintLocations(config, lowered)];
}

/** Refuses to start with a configured template that fails lint: lint runs at config load, not at send time. */
export function assertTemplatesPass(config: PracticeConfig): void {
  const failing = lintAllTemplates(config).filter((r) => !r.ok);
  if (!failing.length) return;
  const lines = failing.flatMap((r) => r.findings.filter((f) => f.severity === "error").map((f) => `  ${r.template}: [${f.rule}] ${f.message}`));
  throw new ConfigError(`Message templates fail lint:\n${lines.join("\n")}\nFix the templates above in the practice config (run \`npx minnow templates lint\`).`);
}
