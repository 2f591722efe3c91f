import { z } from "zod";
import { defineWorkflow, ref } from "../../../../src/engine/port.js";
import type { SyncWorkflows } from "../../../../workflows/sync-apply.js";

/** Workflows sync may start, doing nothing: for tests that watch what sync pulls, not what runs. */
export function noopWorkflows(): SyncWorkflows {
  const noop = <I extends z.ZodTypeAny>(id: string, input: I) => defineWorkflow({ id, input, run: async () => undefined });
  return {
    appointmentReminder: noop("appointment-reminder", z.object({ appointmentRef: ref(), planRef: ref() })),
    waitlistFill: noop("waitlist-fill", z.object({ cancelledRef: ref() })),
    paymentReminder: noop("payment-reminder", z.object({ balanceRef: ref() })),
  };
}
