import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { closePrompt } from "../src/store/prompts.js";

/** The payload a reminder run receives when its question no longer applies. */
export const SUPERSEDED = "superseded";

/**
 * Closes the open reminder questions about an appointment (all of them, or all but one plan's)
 * and wakes the runs waiting on them, so a moved or cancelled appointment's old plan stands
 * down now instead of at its old start time, and a "C" is never routed to a stale question.
 */
export async function standDownReminderPrompts(services: Services, appointmentRef: string, keepSignalKey?: string): Promise<number> {
  let query = services.store.db
    .selectFrom("prompts")
    .select(["signal_key", "patient_ref"])
    .where("subject_ref", "=", appointmentRef)
    .where("kind", "=", "reminder")
    .where("closed_at", "is", null);
  if (keepSignalKey) query = query.where("signal_key", "!=", keepSignalKey);
  const open = await query.execute();
  for (const prompt of open) {
    await services.engine.signal(prompt.signal_key, { intent: SUPERSEDED, inboundId: null, patientRef: prompt.patient_ref });
    await closePrompt(services.store, prompt.signal_key, services.clock.now());
  }
  if (open.length > 0) log.info("reminder.prompts_superseded", { appointmentRef, count: open.length });
  return open.length;
}
