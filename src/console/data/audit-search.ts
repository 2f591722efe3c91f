import { z } from "zod";
import type { Services } from "../../runtime/services.js";

/**
 * The audit log as the privacy officer searches it: by patient reference, decision, reason,
 * actor and date (the practice's days). Rows carry references and decisions only, never PHI,
 * so the page and its CSV show them as stored.
 */
const optional = z.string().trim().max(200).optional().transform((v) => (v ? v : undefined));
const day = z.string().trim().optional().refine((v) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v), { message: "Enter a date like 2026-12-01" }).transform((v) => (v ? v : undefined));

export const AuditFilterSchema = z.object({ patient: optional, decision: optional, reason: optional, actor: optional, from: day, to: day });
export type AuditFilter = z.output<typeof AuditFilterSchema>;

export interface AuditEntryView {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subjectRef: string | null;
  decision: string | null;
  reasons: string[];
  details: Record<string, unknown>;
}

export const AUDIT_PAGE_LIMIT = 200;
export const AUDIT_EXPORT_LIMIT = 50_000;

/** Matching rows, newest first. `bounds` turns the filter's days into instants in the practice's zone. */
export async function searchAudit(services: Pick<Services, "store">, filter: AuditFilter, bounds: { from?: Date; to?: Date }, limit = AUDIT_PAGE_LIMIT): Promise<AuditEntryView[]> {
  let query = services.store.db.selectFrom("audit_log").select(["seq", "at", "actor", "action", "subject_ref", "decision", "reasons", "details"]);
  if (filter.patient) {
    const ref = filter.patient;
    // A patient is the subject, or named in the details of a message about their appointment.
    query = query.where((eb) => eb.or([eb("subject_ref", "=", ref), eb("details", "like", `%"patientRef":${JSON.stringify(ref)}%`)]));
  }
  if (filter.decision) query = query.where("decision", "=", filter.decision);
  if (filter.reason) query = query.where("reasons", "like", `%${JSON.stringify(filter.reason)}%`);
  if (filter.actor) query = query.where("actor", "like", `${filter.actor}%`);
  if (bounds.from) query = query.where("at", ">=", bounds.from.getTime());
  if (bounds.to) query = query.where("at", "<", bounds.to.getTime());
  const rows = await query.orderBy("seq", "desc").limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.seq), at: new Date(Number(r.at)), actor: r.actor, action: r.action, subjectRef: r.subject_ref, decision: r.decision, reasons: JSON.parse(r.reasons) as string[], details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** The decisions and actors kinds present, for the filter's choices. */
export async function auditChoices(services: Pick<Services, "store">): Promise<{ decisions: string[] }> {
  const rows = await services.store.db.selectFrom("audit_log").select("decision").distinct().where("decision", "is not", null).orderBy("decision").execute();
  return { decisions: rows.flatMap((r) => (r.decision ? [r.decision] : [])) };
}
