import type { PracticeConfig } from "../config/practice.js";
import { parsePracticeConfig } from "../config/practice.js";
import type { LogFields } from "../log.js";
import { log } from "../log.js";
import { TEMPLATE_IDS } from "../messaging/default-templates.js";
import { appendAudit } from "../store/audit-log.js";
import type { Store } from "../store/db.js";
import { loadLatestPracticeConfig, savePracticeConfigVersion, type PracticeConfigVersion } from "../store/practice-config-versions.js";
import { recordTemplateVersions, type TemplateText } from "../store/template-versions.js";
import { finishRuntimeConfig } from "./create-config.js";
import { runtimeModes } from "./sandbox-mode.js";
import type { Services } from "./services.js";

/**
 * A change made in the console to the stored practice config (templates, BAA statements,
 * settings): validated like the config file (same zod schema and messages, the same template lint),
 * stored as the next version with who made it, audited, and in force for the very next decision.
 */
export const TEMPLATE_LANGUAGES = ["en", "es"] as const;

/** The practice's text for each built-in template and language (null: the built-in text). */
export function templateTexts(config: Pick<PracticeConfig, "templates">): TemplateText[] {
  return TEMPLATE_IDS.flatMap((templateId) => TEMPLATE_LANGUAGES.map((language) => ({ templateId, language, body: config.templates[templateId]?.[language] ?? null })));
}

/** Records the templates of a stored config version as template versions where they changed. */
export async function recordTemplatesOf(store: Pick<Store, "db">, saved: PracticeConfigVersion): Promise<string[]> {
  const added = await recordTemplateVersions(store, templateTexts(saved.config), { by: saved.createdBy, at: saved.createdAt, configVersion: saved.version });
  const names = added.map((t) => `${t.templateId}.${t.language}@v${t.version}`);
  if (names.length) log.info("templates.versions_saved", { configVersion: saved.version, templates: names });
  return names;
}

export interface ConfigChange {
  /** Who: "staff:<id>". */
  by: string;
  /** The audit action, e.g. "template.saved", "settings.saved", "baa.attested". */
  action: string;
  subjectRef: string;
  details?: LogFields;
  /** The new config as written, from the newest stored one (a copy, free to change). */
  change(raw: Record<string, unknown>): Record<string, unknown>;
}

/** Throws the same ConfigError as the config file would (with the path and the fix) when invalid. */
export async function saveConfigChange(services: Services, change: ConfigChange): Promise<PracticeConfigVersion> {
  const latest = await loadLatestPracticeConfig(services.store);
  const base = latest && typeof latest.raw === "object" && latest.raw !== null ? (structuredClone(latest.raw) as Record<string, unknown>) : {};
  const raw = change.change(base);
  const effective = finishRuntimeConfig(parsePracticeConfig(raw, "The console's change"), runtimeModes(services.env));
  const saved = await savePracticeConfigVersion(services.store, { raw, by: change.by, at: services.clock.now() });
  const templates = await recordTemplatesOf(services.store, saved);
  services.config = effective;
  const details: LogFields = { configVersion: saved.version, ...(templates.length ? { templateVersions: templates.join(",") } : {}), ...(change.details ?? {}) };
  await appendAudit(services.store, { actor: change.by, action: change.action, subjectRef: change.subjectRef, decision: "saved", reasons: [], details, at: saved.createdAt });
  return saved;
}
