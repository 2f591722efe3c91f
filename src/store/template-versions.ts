import type { Store } from "./db.js";
import { fixedLimit, prepared } from "./prepared-query.js";

/**
 * Each template's numbered history (migration 012). A version is never changed: a save that
 * changes a template's text adds the next number, with who and when. `body` null means the
 * built-in text (no override in the practice config).
 */
export type TemplateVersionsTable = {
  template_id: string;
  language: string;
  version: number;
  body: string | null;
  /** The practice config version this text was saved in, when it came from one. */
  config_version: number | null;
  created_at: number;
  /** "config-file", "staff:<id>", … */
  created_by: string;
};

export type TemplateVersionTables = { template_versions: TemplateVersionsTable };

export interface TemplateVersion {
  templateId: string;
  language: string;
  version: number;
  body: string | null;
  configVersion: number | null;
  createdAt: Date;
  createdBy: string;
}

export interface TemplateText {
  templateId: string;
  language: string;
  body: string | null;
}

function toVersion(row: TemplateVersionsTable): TemplateVersion {
  return { templateId: row.template_id, language: row.language, version: Number(row.version), body: row.body, configVersion: row.config_version === null ? null : Number(row.config_version), createdAt: new Date(Number(row.created_at)), createdBy: row.created_by };
}

/** One template's versions, newest first. */
export async function listTemplateVersions(store: Pick<Store, "db">, templateId: string, language: string): Promise<TemplateVersion[]> {
  const rows = await store.db.selectFrom("template_versions").selectAll().where("template_id", "=", templateId).where("language", "=", language).orderBy("version", "desc").execute();
  return rows.map(toVersion);
}

/** The newest version of every template, keyed `<templateId>.<language>`. */
export async function latestTemplateVersions(store: Pick<Store, "db">): Promise<Map<string, TemplateVersion>> {
  const rows = await store.db.selectFrom("template_versions").selectAll().orderBy("version", "asc").execute();
  return new Map(rows.map((row) => [`${row.template_id}.${row.language}`, toVersion(row)]));
}

const selectCurrent = prepared((db, v: { templateId: string; language: string }) =>
  db.selectFrom("template_versions").select("version").where("template_id", "=", v.templateId).where("language", "=", v.language).orderBy("version", "desc").limit(fixedLimit(1)),
);

/** The number of the template's newest version, or undefined before the first start recorded it. */
export async function currentTemplateVersion(store: Pick<Store, "db">, templateId: string, language: string): Promise<number | undefined> {
  const { rows } = await selectCurrent.execute(store.db, { templateId, language });
  return rows[0] ? Number(rows[0].version) : undefined;
}

const MAX_ATTEMPTS = 5;

/**
 * Records each template whose text differs from its newest version as the next version (version 1
 * the first time: the config file seeds it). Returns the versions added.
 */
export async function recordTemplateVersions(store: Pick<Store, "db">, texts: readonly TemplateText[], meta: { by: string; at: Date; configVersion?: number }): Promise<TemplateVersion[]> {
  const latest = await latestTemplateVersions(store);
  const added: TemplateVersion[] = [];
  for (const text of texts) {
    let current = latest.get(`${text.templateId}.${text.language}`);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (current && current.body === text.body) break;
      const row: TemplateVersionsTable = { template_id: text.templateId, language: text.language, version: (current?.version ?? 0) + 1, body: text.body, config_version: meta.configVersion ?? null, created_at: meta.at.getTime(), created_by: meta.by };
      const inserted = await store.db.insertInto("template_versions").values(row).onConflict((oc) => oc.columns(["template_id", "language", "version"]).doNothing()).returning("version").executeTakeFirst();
      if (inserted) {
        added.push(toVersion(row));
        break;
      }
      // Another process saved this number first: compare with what it saved.
      current = (await listTemplateVersions(store, text.templateId, text.language))[0];
    }
  }
  return added;
}
