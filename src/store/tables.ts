import type { AutomationTables } from "./automation-recipes.js";
import type { AutomationRunTables } from "./automation-runs.js";
import type { ConsoleTables } from "./console-tables.js";
import type { CoreTables } from "./core-tables.js";
import type { JournalTables } from "../engine/journal-tables.js";
import type { TriggerTables } from "../engine/trigger/tables.js";
import type { FhirExportTables } from "./fhir-export-state.js";
import type { Hl7Tables } from "./hl7-tables.js";
import type { ReplyChoiceTables } from "./reply-choices.js";
import type { PracticeConfigTables } from "./practice-config-versions.js";
import type { TemplateVersionTables } from "./template-versions.js";

/** Every table in the store, as Kysely sees it. */
export type Tables = CoreTables & JournalTables & TriggerTables & ConsoleTables & PracticeConfigTables & TemplateVersionTables & Hl7Tables & FhirExportTables & ReplyChoiceTables & AutomationTables & AutomationRunTables;
