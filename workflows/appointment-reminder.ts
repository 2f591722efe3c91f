import { z } from "zod";
import { defineWorkflow, ref, type Step, type WorkflowDefinition } from "../src/engine/port.js";
import { log } from "../src/log.js";
import type { Services } from "../src/runtime/services.js";
import { closePrompt } from "../src/store/prompts.js";
import { orderTouches } from "./reminder-plan.js";
import { SUPERSEDED } from "./reminder-prompts.js";
import { isReadRetry, readOrRetryLater, stepOrRetryLater } from "./read-retry.js";
import { applyReminderReply, cancelByText } from "./reminder-reply.js";
import { attemptTouch, recheckAppointment, reminderLogRefs, type ReminderInput } from "./reminder-touch.js";
import { recentRead, type RecentRead } from "./recent-read.js";
import type { GetServices } from "./services-getter.js";
import { readAppointment, type FreshAppointment } from "./source-reads.js";
import type { WaitlistFillInput } from "./waitlist-fill.js";
import { reminderSignalKey } from "./workflow-keys.js";

/**
 * Multi-touch appointment reminders. For each touch in order: sleep until it is due, re-read the
 * appointment (still booked at this plan's start?), decide and send. A read that fails is tried
 * again later, never taken for an answer; so is writing the patient's answer back. The reply
 * touch asks for C or R and, from then on, the run waits for the answer instead of merely
 * sleeping, until the appointment.
 */
export const reminderInput = z.object({ appointmentRef: ref(), planRef: ref() });

interface Deps {
  waitlistFill: WorkflowDefinition<WaitlistFillInput>;
}

type Pause = "resume" | "stop" | "superseded";

/**
 * Sleeps until `until`, or, while a question is open, waits for the answer until then. The
 * appointment is read afresh after it (`appointment` forgets its last read).
 */
async function pause(services: Services, step: Step, input: ReminderInput, deps: Deps, name: string, until: Date, asking: { open: boolean }, appointment: RecentRead<FreshAppointment | null>): Promise<Pause> {
  appointment.forget();
  if (!asking.open) {
    await step.sleepUntil(name, until);
    return "resume";
  }
  const answer = await step.waitForSignal(name, { key: reminderSignalKey(input.planRef), until });
  if (answer === null) return "resume";
  asking.open = false;
  // Applying the answer writes to the EHR; if it is unreachable, the answer waits instead of being lost.
  const outcome = await stepOrRetryLater(step, services, `apply:${name}`, reminderLogRefs(input), () => applyReminderReply(services, input, answer));
  const { cancel } = outcome;
  if (cancel) await stepOrRetryLater(step, services, `cancel:${name}`, reminderLogRefs(input), () => cancelByText(services, input, cancel));
  if (outcome.startWaitlistFill) await step.start(deps.waitlistFill, { cancelledRef: input.appointmentRef }, { key: `waitlist:${input.appointmentRef}` });
  if (outcome.intent === SUPERSEDED) return "superseded";
  return outcome.next === "stop" ? "stop" : "resume";
}

function ended(how: "stop" | "superseded", sent: number) {
  return how === "superseded" ? { outcome: "stood-down", reason: SUPERSEDED, sent } : { outcome: "answered", sent };
}

async function closeQuestion(services: Services, input: ReminderInput): Promise<void> {
  await closePrompt(services.store, reminderSignalKey(input.planRef), services.clock.now());
}

export function createAppointmentReminder(getServices: GetServices, deps: Deps) {
  return defineWorkflow({
    id: "appointment-reminder",
    input: reminderInput,
    async run(input, step) {
      const services = await getServices();
      const touches = orderTouches(services.config.reminders.touches, services.config.reminders.replyTouch);
      const asking = { open: false };
      // Steps that follow one another without a pause share one read of the appointment.
      const appointment = recentRead(() => readAppointment(services, input.appointmentRef));
      let sent = 0;
      // Reads of the source that failed in a row; from journaled outcomes, so replay agrees.
      let readFailures = 0;
      // The start the last step checked, when that step sent and nothing has run since: the final
      // check would read the same (shared) appointment, so it is not run again as its own step.
      let justChecked: number | undefined;
      for (let index = 0; index < touches.length; index++) {
        const touch = touches[index];
        if (!touch) break;
        for (let attempt = 0; ; attempt++) {
          const tag = `${touch.name}:${attempt}`;
          const outcome = await step.run(`touch:${tag}`, () => attemptTouch(services, input, appointment, touches, index, readFailures));
          readFailures = outcome.action === "wait" && outcome.why === "source-unreachable" ? readFailures + 1 : 0;
          justChecked = outcome.action === "sent" ? outcome.startMs : undefined;
          if (outcome.action === "stand-down") {
            if (asking.open) await step.run(`close:${tag}`, () => closeQuestion(services, input));
            return { outcome: "stood-down", reason: outcome.reason, sent };
          }
          if (outcome.action === "wait") {
            const next = await pause(services, step, input, deps, `pause:${tag}`, new Date(outcome.untilMs), asking, appointment);
            if (next !== "resume") return ended(next, sent);
            continue;
          }
          if (outcome.action === "sent") {
            sent += 1;
            asking.open ||= outcome.asksForReply;
          }
          break;
        }
      }
      // The question stays open until the appointment, unless it moves or is cancelled first.
      for (let attempt = 0; asking.open; attempt++) {
        const checked = attempt === 0 && justChecked !== undefined ? justChecked : await step.run(`final-check:${attempt}`, async () => {
          const fresh = await readOrRetryLater(services, reminderLogRefs(input), readFailures, () => recheckAppointment(services, input, appointment));
          if (isReadRetry(fresh)) return fresh;
          if ("action" in fresh) {
            await closeQuestion(services, input);
            return null;
          }
          return fresh.record.start.getTime();
        });
        if (checked === null) return { outcome: "stood-down", sent };
        // An unreachable source: wait (still listening for the answer) and check again.
        const unreachable = typeof checked === "object";
        readFailures = unreachable ? readFailures + 1 : 0;
        const untilMs = unreachable ? checked.untilMs : checked;
        const next = await pause(services, step, input, deps, `final:${attempt}`, new Date(untilMs), asking, appointment);
        if (next !== "resume") return ended(next, sent);
        if (!unreachable && asking.open && step.now().getTime() >= untilMs) {
          await step.run("close:final", () => closeQuestion(services, input));
          log.info("reminder.no_reply", { appointmentRef: input.appointmentRef, planRef: input.planRef });
          break;
        }
      }
      return { outcome: "done", sent };
    },
  });
}
