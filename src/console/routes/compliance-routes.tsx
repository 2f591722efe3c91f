/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { baaAttestationSchema } from "../../config/practice-schema.js";
import { ConfigError } from "../../config/env.js";
import { activeHookDestinations, buildBoundaryReport } from "../../runtime/boundary-report.js";
import { saveConfigChange } from "../../runtime/config-change.js";
import type { Services } from "../../runtime/services.js";
import { verifyAudit } from "../../store/audit-verify.js";
import { auditStaff } from "../audit.js";
import type { ConsoleApp, ConsoleEnv } from "../context.js";
import { AUDIT_EXPORT_LIMIT, AUDIT_PAGE_LIMIT, auditChoices, AuditFilterSchema, searchAudit, type AuditFilter } from "../data/audit-search.js";
import { countConsents, listOptOuts } from "../data/consent-summary.js";
import { csvResponse, toCsv } from "../data/csv.js";
import { readForm, text, type FieldErrors, type FormValues } from "../forms.js";
import { renderPage, requireAccess, viewerOf } from "../page.js";
import { BoundaryPage, type BoundaryForm } from "../pages/boundary-page.js";
import { AuditPage, ConsentsPage } from "../pages/consents-audit-pages.js";
import { dayBounds, displayZone, formatWhen } from "../time.js";

/**
 * The compliance center (managers and administrators): the BAA boundary with its attestation
 * forms, consents and opt-outs, and the audit log. Exports are audited like any other view.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The form's fields as a `baa.<party>` entry, and the same schema's messages beside the fields. */
function attestationFrom(values: FormValues, party: string): { ok: true; entry: unknown } | { ok: false; errors: FieldErrors } {
  const kind = text(values, "kind");
  const field = (name: string) => text(values, `${name}-${party}`).trim();
  const entry = kind === "attestation" ? { signed: true, date: field("date"), reference: field("reference") } : { signed: false, acknowledgement: { reason: field("reason"), by: field("by"), date: field("ackdate") } };
  const errors: FieldErrors = {};
  if (kind === "attestation" && !field("reference")) errors[`reference-${party}`] = "Say where the signed BAA is kept";
  if (kind !== "attestation" && !DATE.test(field("ackdate"))) errors[`ackdate-${party}`] = "must be a date like 2026-01-15";
  const parsed = baaAttestationSchema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const last = String(issue.path[issue.path.length - 1] ?? "");
      const name = kind === "attestation" ? `${last}-${party}` : last === "date" ? `ackdate-${party}` : `${last}-${party}`;
      errors[name] ??= issue.message;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, entry };
}

export function mountComplianceRoutes(app: ConsoleApp, services: Services): void {
  const guard = requireAccess(services, "compliance");
  const zone = () => displayZone(services.config);
  const when = (at: Date) => formatWhen(at, zone(), services.clock.now());

  const boundaryPage = async (c: Context<ConsoleEnv>, extra: { form?: BoundaryForm; notice?: string; status?: 200 | 422 } = {}) => {
    const report = buildBoundaryReport(services.env, services.config, await activeHookDestinations(services.store));
    return renderPage(c, services, (page) => <BoundaryPage page={page} report={report} {...extra} />, extra.status ?? 200);
  };

  app.get("/compliance", guard, (c) => boundaryPage(c, c.req.query("recorded") ? { notice: "Recorded. The boundary below was checked again with it." } : {}));

  app.post("/compliance/baa/:party", guard, async (c) => {
    const party = c.req.param("party");
    const values = await readForm(c);
    const result = attestationFrom(values, party);
    if (!result.ok) return boundaryPage(c, { form: { party, values, errors: result.errors }, status: 422 });
    const kind = text(values, "kind") === "attestation" ? "baa.attested" : "baa.acknowledged";
    try {
      await saveConfigChange(services, {
        by: `staff:${viewerOf(c).id}`,
        action: kind,
        subjectRef: `baa:${party}`,
        change: (raw) => ({ ...raw, baa: { ...((raw.baa as Record<string, unknown> | undefined) ?? {}), [party]: result.entry } }),
      });
    } catch (err) {
      if (err instanceof ConfigError) return boundaryPage(c, { form: { party, values, errors: { [`reason-${party}`]: err.message } }, status: 422 });
      throw err;
    }
    return c.redirect("/compliance?recorded=1", 303);
  });

  app.get("/compliance/consents", guard, async (c) => {
    const [counts, optOuts] = await Promise.all([countConsents(services), listOptOuts(services)]);
    await auditStaff(services, viewerOf(c).id, "console.opt_outs_viewed", { details: { count: optOuts.length } });
    return renderPage(c, services, (page) => <ConsentsPage page={page} counts={counts} optOuts={optOuts} when={when} />);
  });

  app.get("/compliance/consents.csv", guard, async (c) => {
    const [counts, optOuts] = await Promise.all([countConsents(services), listOptOuts(services, AUDIT_EXPORT_LIMIT)]);
    await auditStaff(services, viewerOf(c).id, "console.consents_exported", { details: { optOuts: optOuts.length } });
    const rows = [
      ...counts.byScope.flatMap((s) => [["consent-count", s.scope, "none", s.none, "", "", ""], ["consent-count", s.scope, "minimal", s.minimal, "", "", ""]]),
      ...optOuts.map((o) => ["opt-out", "", "", "", o.maskedPhone, o.patientRefs.join(" "), `${o.at.toISOString()} ${o.reason} ${o.sourceRef}`]),
    ];
    return csvResponse(c, "consents-and-opt-outs.csv", toCsv(["kind", "scope", "phi_level", "patients", "number", "patient_refs", "opted_out"], rows));
  });

  const filtered = (c: Context<ConsoleEnv>): { values: FormValues; filter?: AuditFilter; bounds: { from?: Date; to?: Date }; errors?: FieldErrors } => {
    const values: FormValues = Object.fromEntries(["patient", "decision", "reason", "actor", "from", "to"].map((k) => [k, c.req.query(k) ?? ""]));
    const parsed = AuditFilterSchema.safeParse(values);
    if (!parsed.success) return { values, bounds: {}, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
    const from = parsed.data.from ? dayBounds(parsed.data.from, zone())?.from : undefined;
    const to = parsed.data.to ? dayBounds(parsed.data.to, zone())?.to : undefined;
    return { values, filter: parsed.data, bounds: { ...(from ? { from } : {}), ...(to ? { to } : {}) } };
  };

  app.get("/compliance/audit", guard, async (c) => {
    const { values, filter, bounds, errors } = filtered(c);
    const entries = filter ? await searchAudit(services, filter, bounds) : [];
    const [chain, choices] = await Promise.all([verifyAudit(services.store), auditChoices(services)]);
    const query = new URL(c.req.url).search;
    return renderPage(c, services, (page) => <AuditPage page={page} entries={entries} chain={chain} values={values} decisions={choices.decisions} limit={AUDIT_PAGE_LIMIT} query={query} when={when} {...(errors ? { errors } : {})} />, errors ? 422 : 200);
  });

  app.get("/compliance/audit.csv", guard, async (c) => {
    const { filter, bounds } = filtered(c);
    const entries = filter ? await searchAudit(services, filter, bounds, AUDIT_EXPORT_LIMIT) : [];
    await auditStaff(services, viewerOf(c).id, "console.audit_exported", { details: { rows: entries.length } });
    const rows = entries.map((e) => [e.seq, e.at.toISOString(), e.actor, e.action, e.subjectRef, e.decision, e.reasons.join(" "), JSON.stringify(e.details)]);
    return csvResponse(c, "audit-log.csv", toCsv(["seq", "at", "actor", "action", "subject_ref", "decision", "reasons", "details"], rows));
  });
}
