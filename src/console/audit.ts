import type { LogFields } from "../log.js";
import type { Services } from "../runtime/services.js";
import { appendAudit } from "../store/audit-log.js";

/**
 * Every staff view of a patient's messages or consent, and every staff action, goes to the
 * hash-chained audit log (45 CFR 164.312(b)) with the staff member's id as the actor. Only
 * references and decisions: never a name, a phone, a search term or message text.
 */
export async function auditStaff(
  services: Pick<Services, "store" | "clock">,
  staffId: string,
  action: string,
  entry: { subjectRef?: string | null; decision?: string; reasons?: string[]; details?: LogFields } = {},
): Promise<void> {
  await appendAudit(services.store, {
    actor: `staff:${staffId}`,
    action,
    subjectRef: entry.subjectRef ?? null,
    decision: entry.decision ?? null,
    reasons: entry.reasons ?? [],
    details: entry.details ?? {},
    at: services.clock.now(),
  });
}
