import type { LogFields } from "../log.js";
import { appendAudit } from "../store/audit-log.js";
import type { Services } from "./services.js";

/**
 * Statements a practice makes in its config that change what minnow enforces are the practice's
 * own, so they are audited as such (actor `practice:config`) when they first appear, change or
 * go away; a restart with the same config adds nothing.
 * - lint.prohibitedContent: SHAFT-C categories lowered to warnings for an age-gated campaign;
 * - consent.fromEhr.phonesVerified: the front desk confirms every EHR mobile.
 */
interface Statement {
  key: string;
  details: LogFields | null;
}

function statementsOf(config: Services["config"]): Statement[] {
  const lowered = config.lint.prohibitedContent;
  const attested = config.consent.fromEhr?.phonesVerified;
  return [
    { key: "lint.prohibitedContent", details: lowered ? { severity: lowered.severity, categories: lowered.categories.join(","), reason: lowered.reason } : null },
    { key: "consent.fromEhr.phonesVerified", details: attested ? { evidence: attested.evidence } : null },
  ];
}

export async function auditConfigStatements(services: Pick<Services, "store" | "config" | "clock">): Promise<number> {
  let appended = 0;
  for (const { key, details } of statementsOf(services.config)) {
    const subjectRef = `config:${key}`;
    const last = await services.store.db.selectFrom("audit_log").select(["action", "details"]).where("subject_ref", "=", subjectRef).orderBy("seq", "desc").limit(1).executeTakeFirst();
    const stated = last?.action === "config.statement_made";
    if (details === null ? !stated : stated && sameDetails(last.details, details)) continue;
    await appendAudit(services.store, {
      actor: "practice:config",
      action: details === null ? "config.statement_withdrawn" : "config.statement_made",
      subjectRef,
      decision: details === null ? "withdrawn" : "stated",
      reasons: [key],
      details: details ?? {},
      at: services.clock.now(),
    });
    appended++;
  }
  return appended;
}

function sameDetails(stored: string, details: LogFields): boolean {
  const previous = JSON.parse(stored) as LogFields;
  const keys = new Set([...Object.keys(previous), ...Object.keys(details)]);
  return [...keys].every((key) => previous[key] === details[key]);
}
