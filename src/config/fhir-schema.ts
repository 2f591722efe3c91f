import { z } from "zod";
import { toRelativeRef } from "../../connectors/fhir/references.js";

/**
 * `fhir:` in the practice config: how the sync searches the EHR's schedule, which server's rules
 * apply, and what minnow writes back. Every key is optional; with none, the strategy comes from
 * the configured locations (when they carry FHIR ids) or from the server's CapabilityStatement.
 */
export const SEARCH_BY = ["practice", "location", "practitioner", "patient", "group"] as const;
export type SearchBy = (typeof SEARCH_BY)[number];

/** The FHIR resource type each scoped strategy's ids name. */
export const SCOPE_TYPE = { location: "Location", practitioner: "Practitioner", patient: "Patient", group: "Group" } as const;

const search = z
  .strictObject({ by: z.enum(SEARCH_BY), ids: z.array(z.string().min(1)).default([]) })
  .superRefine((s, ctx) => {
    if (s.by === "practice") {
      if (s.ids.length) ctx.addIssue({ code: "custom", path: ["ids"], message: "a practice-wide search takes no ids; remove ids or choose by: location, practitioner, patient or group" });
      return;
    }
    const type = SCOPE_TYPE[s.by];
    if (!s.ids.length) ctx.addIssue({ code: "custom", path: ["ids"], message: `by: ${s.by} needs ids, like ids: ["${type}/123"]` });
    if (s.by === "group" && s.ids.length > 1) ctx.addIssue({ code: "custom", path: ["ids"], message: 'by: group takes one Group, like ids: ["Group/clinic-patients"]' });
    s.ids.forEach((id, i) => {
      if (!toRelativeRef(id.includes("/") ? id : `${type}/${id}`, type)) ctx.addIssue({ code: "custom", path: ["ids", i], message: `must be a ${type} reference like "${type}/123" (or the bare id)` });
    });
  })
  .transform((s) => ({ by: s.by, ids: s.by === "practice" ? [] : s.ids.map((id) => toRelativeRef(id.includes("/") ? id : `${SCOPE_TYPE[s.by as Exclude<SearchBy, "practice">]}/${id}`) ?? id) }));

export type FhirSearchConfig = z.infer<typeof search>;

/**
 * `{ by: export }`: Bulk Data `$export` instead of searches, system-level or of one Group, with
 * `_since` from the last export (connectors/fhir/bulk-export).
 */
const exportSearch = z
  .strictObject({ by: z.literal("export"), group: z.string().min(1).optional() })
  .superRefine((s, ctx) => {
    if (s.group !== undefined && !toRelativeRef(s.group.includes("/") ? s.group : `Group/${s.group}`, "Group")) {
      ctx.addIssue({ code: "custom", path: ["group"], message: 'must be a Group reference like "Group/clinic-patients" (or the bare id); leave it out for a system-level export' });
    }
  })
  .transform((s) => (s.group === undefined ? { by: s.by } : { by: s.by, group: toRelativeRef(s.group.includes("/") ? s.group : `Group/${s.group}`, "Group") ?? s.group }));

export type FhirExportConfig = z.infer<typeof exportSearch>;

export const fhirSchema = z
  .object({
    /** Which server's search rules apply: "generic" FHIR R4, or "oracle" (Oracle Health Millennium). */
    profile: z.enum(["generic", "oracle"]).default("generic"),
    /** How the sync pulls the schedule; unset means "decide from locations, then the server". */
    search: z.discriminatedUnion("by", [exportSearch, search]).optional(),
    /** Import the EHR's Consent resources for synced patients (only with consent.fromEhr set). */
    importConsents: z.boolean().default(true),
    /** Record each text sent about an appointment as a FHIR Communication on the EHR. */
    communications: z
      .object({
        record: z.boolean().default(false),
        /** "none": no text, only that a reminder was sent; "full": the text itself (PHI, kept in the EHR). */
        body: z.enum(["none", "full"]).default("none"),
      })
      .prefault({}),
  })
  .prefault({});

export type FhirConfig = z.infer<typeof fhirSchema>;
