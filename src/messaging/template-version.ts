import type { Store } from "../store/db.js";
import { currentTemplateVersion } from "../store/template-versions.js";

/**
 * The template version a rendered variant ("appointment-reminder.en.minimal") came from, for the
 * audit of the message: the templates studio's history says what that version said.
 */
export async function templateVersionOf(store: Pick<Store, "db">, variant: string): Promise<{ templateVersion?: string }> {
  const [templateId = "", language = ""] = variant.split(".");
  const version = await currentTemplateVersion(store, templateId, language);
  return version === undefined ? {} : { templateVersion: `${templateId}.${language}@v${version}` };
}
