import { z } from "zod";
import { defineWorkflow, ref } from "../src/engine/port.js";
import { log } from "../src/log.js";
import { sendOutreach } from "../src/messaging/send-outreach.js";
import type { Services } from "../src/runtime/services.js";
import { appendAudit } from "../src/store/audit-log.js";
import { appendEvent } from "../src/store/events.js";
import { isReadRetry, readOrRetryLater } from "./read-retry.js";
import type { GetServices } from "./services-getter.js";
import { readBalance } from "./source-reads.js";

/**
 * Payment reminders on the practice's cadence (days after minnow first saw the balance). Before
 * every send it re-reads the balance and stops once it is paid; a read that fails is tried again
 * later, never taken for "paid" or "gone". The text names no amount or service:
 * it says there is a statement and how to pay securely. Billing needs its own consent scope.
 */
export const paymentReminderInput = z.object({ balanceRef: ref() });

const ACTOR = "workflow:payment-reminder";
const DAY_MS = 86_400_000;

type Attempt =
  | { action: "stop"; reason: "paid" | "gone" }
  | { action: "wait"; untilMs: number; why: "deferred" | "source-unreachable" }
  | { action: "done"; sent: boolean; reasons: string[] };

/** `readFailures`: how many attempts just before this one could not read the balance. */
async function attempt(services: Services, balanceRef: string, day: number, readFailures: number): Promise<Attempt> {
  const balance = await readOrRetryLater(services, { workflowId: "payment-reminder", balanceRef }, readFailures, () => readBalance(services, balanceRef));
  if (isReadRetry(balance)) return balance;
  if (!balance || balance.status !== "unpaid") {
    const reason = balance ? "paid" : "gone";
    await appendAudit(services.store, { actor: ACTOR, action: "payment.stopped", subjectRef: balanceRef, decision: "stop", reasons: [reason], at: services.clock.now() });
    return { action: "stop", reason };
  }
  const result = await sendOutreach(services, {
    patientRef: balance.patientRef,
    scope: "billing",
    templateId: "payment-reminder",
    values: {},
    effectKey: `payment:${balanceRef}:day-${day}`,
    actor: ACTOR,
    subjectRef: balanceRef,
  });
  if (result.outcome === "deferred") return { action: "wait", untilMs: result.until.getTime(), why: "deferred" };
  if (result.outcome !== "sent") return { action: "done", sent: false, reasons: result.reasons };
  await appendEvent(services.store, { id: `evt-payment.reminder_sent-${balanceRef}-${day}`, type: "payment.reminder_sent", refs: { balanceRef, patientRef: balance.patientRef }, data: { cadenceDay: day }, occurredAt: services.clock.now() });
  return { action: "done", sent: true, reasons: [] };
}

export function cadence(days: readonly number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

export function createPaymentReminder(getServices: GetServices) {
  return defineWorkflow({
    id: "payment-reminder",
    input: paymentReminderInput,
    async run(input, step) {
      const services = await getServices();
      const firstSeenMs = await step.run("first-seen", () => services.clock.now().getTime());
      let sent = 0;
      // Reads of the balance that failed in a row; from journaled outcomes, so replay agrees.
      let readFailures = 0;
      for (const day of cadence(services.config.payments.cadenceDays)) {
        let dueMs = firstSeenMs + day * DAY_MS;
        for (let tries = 0; ; tries++) {
          await step.sleepUntil(`due:${day}:${tries}`, new Date(dueMs));
          const outcome = await step.run(`remind:${day}:${tries}`, () => attempt(services, input.balanceRef, day, readFailures));
          readFailures = outcome.action === "wait" && outcome.why === "source-unreachable" ? readFailures + 1 : 0;
          if (outcome.action === "stop") {
            log.info("payment.reminders_stopped", { balanceRef: input.balanceRef, reason: outcome.reason, sent });
            return { outcome: outcome.reason, sent };
          }
          if (outcome.action === "wait") {
            dueMs = outcome.untilMs;
            continue;
          }
          if (outcome.sent) sent += 1;
          break;
        }
      }
      return { outcome: "cadence-complete", sent };
    },
  });
}
