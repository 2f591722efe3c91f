import type { TriggerDefinition } from "../../define.js";

/** What the feed hands the sync path: references and the event, never the message body. */
export interface SiuFeedEvent {
  /** The trigger event, lower case: s12, s13, s14, s15, s17 or s26. */
  event: "s12" | "s13" | "s14" | "s15" | "s17" | "s26";
  controlId: string;
  appointmentRef: string;
}

export const siuFeedTrigger: TriggerDefinition<SiuFeedEvent> = {
  id: "siu-feed",
  displayName: "Appointment booked, rescheduled, modified, cancelled, deleted or no-show (SIU)",
  strategy: "webhook",
  why: "An interface engine pushes SIU messages over MLLP as the schedule changes and waits for each ACK; there is nothing to poll. minnow commits each message before it answers AA, so the engine's own retry covers a crash.",
  sample: { event: "s13", controlId: "syn-s13-0002", appointmentRef: "hl7:FL-9001" },
};
