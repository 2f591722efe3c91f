import { concurrencyLimit } from "@trigger.dev/sdk";
import type { PracticeConfig } from "../../config/practice.js";

/**
 * The queues minnow's tasks wait in on Trigger.dev, each with the shared concurrency limits its
 * runs hold while they execute (a run that sleeps or waits for a reply holds none). Every run
 * reads the EHR, so every task holds the EHR limit; the tasks that text also hold the sends limit.
 */
export const TRIGGER_LIMIT_NAMES = { ehrReads: "minnow-ehr-reads", sends: "minnow-sends" } as const;

type ConcurrencyLimit = ReturnType<typeof concurrencyLimit>;

export interface TriggerQueue {
  name: string;
  concurrency: ConcurrencyLimit[];
}

export interface TriggerQueues {
  /** Tasks that only read the EHR: the sync and the waitlist fill. */
  ehrReads: TriggerQueue;
  /** Tasks that text a patient: reminders, waitlist offers, payment reminders. */
  sends: TriggerQueue;
}

export function triggerQueues(limits: PracticeConfig["queues"]): TriggerQueues {
  const ehr = concurrencyLimit({ name: TRIGGER_LIMIT_NAMES.ehrReads, total: limits.ehrReads });
  const sends = concurrencyLimit({ name: TRIGGER_LIMIT_NAMES.sends, total: limits.sends });
  return {
    ehrReads: { name: TRIGGER_LIMIT_NAMES.ehrReads, concurrency: [ehr] },
    sends: { name: TRIGGER_LIMIT_NAMES.sends, concurrency: [sends, ehr] },
  };
}
