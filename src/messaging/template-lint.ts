import type { PracticeConfig } from "../config/practice.js";
import { ConfigError } from "../config/env.js";
import { lintTemplate } from "../policy/lint-template.js";
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

/** Lints every built-in and configured template; a configured one is checked at the richest level it may render at. */
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
  for (const [id, locales] of Object.entries(config.templates)) {
    if (!(TEMPLATE_IDS as string[]).includes(id)) {
      reports.push({ template: `templates.${id}`, ok: false, findings: [{ rule: "unknown-template", severity: "error", message: `Unknown template "${id}"; use one of: ${TEMPLATE_IDS.join(", ")}.` }] });
      continue;
    }
    for (const [language, body] of Object.entries(locales)) {
      if (language !== "en" && language !== "es") {
        reports.push({ template: `templates.${id}.${language}`, ok: false, findings: [{ rule: "unknown-locale", severity: "error", message: `No locale "${language}"; minnow has templates for en and es.` }] });
        continue;
      }
      reports.push(lintOne(`templates.${id}.${language}`, id as TemplateId, body, "minimal", config.lint.prohibitedContent?.categories));
    }
  }
  return reports;
}

/** Refuses to start with a configured template that fails lint: lint runs at config load, not at send time. */
export function assertTemplatesPass(config: PracticeConfig): void {
  const failing = lintAllTemplates(config).filter((r) => !r.ok);
  if (!failing.length) return;
  const lines = failing.flatMap((r) => r.findings.filter((f) => f.severity === "error").map((f) => `  ${r.template}: [${f.rule}] ${f.message}`));
  throw new ConfigError(`Message templates fail lint:\n${lines.join("\n")}\nFix the templates above in the practice config (run \`npx minnow templates lint\`).`);
}
