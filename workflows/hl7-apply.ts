import { parseMessage, readHeader, readSiuBody } from "../connectors/hl7/parse-siu.js";
import { siuParseOptions } from "../connectors/hl7/parse-options.js";
import { SiuRejection } from "../connectors/hl7/siu-problem.js";
import { errorKind, log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { putHl7Appointment } from "../src/store/hl7-appointments.js";
import { countHl7Attempt, finishHl7Message, pendingHl7Messages, readHl7MessageText, type Hl7InboxRow } from "../src/store/hl7-messages.js";
import { applyAppointment, type SyncWorkflows } from "./sync-apply.js";

/**
 * Applies HL7 messages the listener committed and acknowledged: each becomes the appointment's
 * latest state (unless a newer message, by MSH-7, already set it) and then goes through the same
 * applyAppointment as a FHIR or Acuity sync, which starts reminders, waitlist fills and events.
 * Every step is safe to repeat, so a crash anywhere means the message is applied on the next
 * drain, once. A message that fails for a passing reason stays pending and is tried again.
 */
export const MAX_HL7_ATTEMPTS = 5;

export interface Hl7DrainSummary {
  applied: number;
  stale: number;
  failed: number;
  retrying: number;
}

async function applyOne(services: Services, wf: SyncWorkflows, row: Hl7InboxRow): Promise<"applied" | "stale"> {
  const text = await readHl7MessageText(services.store, services.crypto, row.controlId);
  if (text === null) throw new Error(`HL7 message ${row.controlId} has no stored body to apply.`);
  const options = siuParseOptions(services.config, services.crypto);
  const message = parseMessage(text);
  const siu = readSiuBody(message, readHeader(message, options.timeZone), options);
  const now = services.clock.now();
  const current = await putHl7Appointment(services.store, services.crypto, { record: siu.record, ...(siu.firstName ? { firstName: siu.firstName } : {}), messageTime: siu.messageTime, controlId: siu.controlId }, now);
  if (!current) {
    await finishHl7Message(services.store, row.controlId, { status: "stale", appointmentRef: siu.record.ref }, now);
    log.info("hl7.message_stale", { controlId: row.controlId, appointmentRef: siu.record.ref, siuEvent: siu.event });
    return "stale";
  }
  const applied = await applyAppointment(services, wf, siu.record);
  await finishHl7Message(services.store, row.controlId, { status: "applied", appointmentRef: siu.record.ref }, services.clock.now());
  log.info("hl7.message_applied", { controlId: row.controlId, appointmentRef: siu.record.ref, siuEvent: siu.event, change: applied.change, reminderStarted: applied.reminderStarted, waitlistStarted: applied.waitlistStarted });
  return "applied";
}

/** Applies every pending message, oldest first; one that fails never stops the others. */
export async function drainHl7Inbox(services: Services, wf: SyncWorkflows): Promise<Hl7DrainSummary> {
  const summary: Hl7DrainSummary = { applied: 0, stale: 0, failed: 0, retrying: 0 };
  for (;;) {
    const rows = await pendingHl7Messages(services.store);
    const fresh = rows.filter((row) => row.attempts < MAX_HL7_ATTEMPTS);
    if (!fresh.length) return summary;
    for (const row of fresh) {
      try {
        summary[await applyOne(services, wf, row)] += 1;
      } catch (err) {
        await countHl7Attempt(services.store, row.controlId);
        // Accepted messages were validated; a rejection now means the config changed under them.
        const final = err instanceof SiuRejection || row.attempts + 1 >= MAX_HL7_ATTEMPTS;
        if (final) await finishHl7Message(services.store, row.controlId, { status: "failed" }, services.clock.now());
        summary[final ? "failed" : "retrying"] += 1;
        log.warn("hl7.apply_failed", { controlId: row.controlId, attempt: row.attempts + 1, final, errorKind: errorKind(err) });
      }
    }
    if (summary.retrying > 0) return summary;
  }
}
