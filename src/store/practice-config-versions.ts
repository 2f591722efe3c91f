import { parsePracticeConfig, type PracticeConfig } from "../config/practice.js";
import type { Store } from "./db.js";

/**
 * The stored practice config: numbered versions, newest wins. What is kept is the config as
 * written (before defaults), so a later minnow's defaults still fill the keys it leaves out. A
 * config is validated before it is saved: an invalid one is never stored.
 */

export type PracticeConfigVersionsTable = {
  version: number;
  /** JSON text of the config as written. */
  config: string;
  created_at: number;
  /** Who saved it: "config-file", "staff:<id>", … */
  created_by: string;
};

export type PracticeConfigTables = { practice_config_versions: PracticeConfigVersionsTable };

export interface PracticeConfigVersion {
  version: number;
  /** The config as written; `parsePracticeConfig(raw)` gives the effective settings. */
  raw: unknown;
  config: PracticeConfig;
  createdAt: Date;
  createdBy: string;
}

type Row = PracticeConfigVersionsTable;

function toVersion(row: Row): PracticeConfigVersion {
  const raw = JSON.parse(row.config) as unknown;
  return { version: row.version, raw, config: parsePracticeConfig(raw, `Stored practice config version ${row.version}`), createdAt: new Date(Number(row.created_at)), createdBy: row.created_by };
}

/** The newest stored version (or the newest saved `by` one author), or undefined when there is none. */
export async function loadLatestPracticeConfig(store: Pick<Store, "db">, opts: { by?: string } = {}): Promise<PracticeConfigVersion | undefined> {
  let query = store.db.selectFrom("practice_config_versions").selectAll();
  if (opts.by !== undefined) query = query.where("created_by", "=", opts.by);
  const row = await query.orderBy("version", "desc").limit(1).executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/** Stored versions, newest first. */
export async function listPracticeConfigVersions(store: Pick<Store, "db">, opts: { limit?: number } = {}): Promise<PracticeConfigVersion[]> {
  const rows = await store.db.selectFrom("practice_config_versions").selectAll().orderBy("version", "desc").limit(opts.limit ?? 100).execute();
  return rows.map(toVersion);
}

const MAX_SAVE_ATTEMPTS = 5;

/**
 * Validates `raw` and stores it as the next version. Two savers racing for one number: the
 * loser takes the next one, so no save is lost and numbers stay gapless.
 */
export async function savePracticeConfigVersion(store: Pick<Store, "db">, input: { raw: unknown; by: string; at: Date }): Promise<PracticeConfigVersion> {
  if (!input.by.trim()) throw new Error("A practice config version needs who saved it (by).");
  parsePracticeConfig(input.raw, "The practice config to save");
  const text = JSON.stringify(input.raw ?? {});
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    const latest = await store.db.selectFrom("practice_config_versions").select("version").orderBy("version", "desc").limit(1).executeTakeFirst();
    const row: Row = { version: (latest?.version ?? 0) + 1, config: text, created_at: input.at.getTime(), created_by: input.by };
    const inserted = await store.db.insertInto("practice_config_versions").values(row).onConflict((oc) => oc.column("version").doNothing()).returning("version").executeTakeFirst();
    if (inserted) return toVersion(row);
  }
  throw new Error(`Could not save the practice config: ${MAX_SAVE_ATTEMPTS} other saves took each version number first; try again.`);
}
