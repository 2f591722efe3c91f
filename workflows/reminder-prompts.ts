import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { closePrompt, listOpenReminderPrompts } from "../src/store/prompts.js";

/** The payload a reminder run receives when its question no longer applies. */
export const SUPERSEDED = "superseded";

/**
 * Closes the open reminder questions about an appointment (all of them, or all but one plan's)
 * and wakes the runs waiting on them, so a moved or cancelled appointment's old plan stands
 * down now instead of at its old start time, and a "C" is never routed to a stale question.
 */
export async function standDownReminderPrompts(services: Services, appointmentRef: string, keepSignalKey?: string): Promise<number> {
  const open = await listOpenReminderPrompts(services.store, appointmentRef, keepSignalKey);
  for (const prompt of open) {
    await services.engine.signal(prompt.signalKey, { intent: SUPERSEDED, inboundId: null, patientRef: prompt.patientRef });
    await closePrompt(services.store, prompt.signalKey, services.clock.now());
  }
  if (open.length > 0) log.info("reminder.prompts_superseded", { appointmentRef, count: open.length });
  return open.length;
}
