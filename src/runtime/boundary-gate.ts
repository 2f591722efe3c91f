import { twilioConnector } from "../../connectors/twilio/index.js";
import type { Services } from "./services.js";
import { buildBoundaryReport } from "./boundary-report.js";
import { dataClassWords } from "../policy/data-class-words.js";

/**
 * The BAA boundary at run time. A flow the boundary flags (patient information to a party with
 * neither a signed BAA nor the practice's written acknowledgement) does not go: minnow holds it
 * and tries again later, so recording the decision in the compliance center (or `baa:` in the
 * config) lets it through on the next try. The texts to Twilio are the flow this guards: every
 * other party either is the practice's own source of the data (the EHR, Acuity, the HL7 feed) or
 * receives opaque references only (REST hooks outside the BAA, Trigger.dev).
 */
export const BOUNDARY_REASON = "baa-boundary";
/** How long a held text waits before minnow checks the boundary again. */
export const BOUNDARY_RETRY_MS = 60 * 60_000;

export interface BoundaryHold {
  partyId: string;
  /** What is held and what settles it, in the words a practice manager uses (no patient in it). */
  words: string;
}

export function boundaryHold(services: Pick<Services, "env" | "config">, partyId: string): BoundaryHold | null {
  const row = buildBoundaryReport(services.env, services.config).rows.find((r) => r.party.id === partyId);
  const finding = row?.findings.find((f) => f.severity === "error");
  if (!row || !finding) return null;
  return {
    partyId,
    words: `Held: ${row.party.displayName} would receive ${dataClassWords(finding.classes)} without a signed Business Associate Agreement or the practice's written acknowledgement. Record one in the compliance center; held texts are tried again every hour.`,
  };
}

/** Whether texts may go to the SMS provider now. */
export const smsBoundaryHold = (services: Pick<Services, "env" | "config">): BoundaryHold | null => boundaryHold(services, twilioConnector.id);
