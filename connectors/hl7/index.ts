import { defineConnector } from "../define.js";
import { hl7ListenerSchema } from "./auth.js";
import { siuFeedTrigger } from "./triggers/siu-feed.js";

/**
 * HL7 v2 SIU over MLLP, from the practice's own interface engine (Mirth, Rhapsody, Cloverleaf,
 * the EHR's own). The engine is the practice's system, inside its own walls, so no vendor BAA
 * is involved; the messages carry full PID segments, of which minnow keeps the minimum. SIU is
 * one-way: minnow writes nothing back (confirmations go to the staff inbox and events).
 */
export const hl7Connector = defineConnector({
  id: "hl7",
  displayName: "HL7 v2 SIU feed (the practice's own interface engine)",
  baa: {
    offered: true,
    mustAttest: "The interface engine is the practice's own (or its EHR vendor's, under the EHR's BAA); nothing leaves the practice over this feed, and minnow answers with ACKs only.",
  },
  // PID brings names, birth dates, addresses and identifiers; AIS a service (clinical). minnow keeps refs, a cell number, a first name and the schedule.
  receives: ["reference", "contact", "first-name", "schedule", "location", "demographic", "clinical"],
  auth: hl7ListenerSchema,
  triggers: [siuFeedTrigger],
  actions: [],
});

export { startMllpListener, type MllpListener } from "./mllp-listener.js";
export { parseMessage, readHeader, readSiuBody, SIU_EVENTS } from "./parse-siu.js";
