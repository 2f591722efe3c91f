/** Synthetic SIU messages for tests: times written with +0000, a 555-01xx cell phone. */
export interface SiuSpec {
  event: "S12" | "S13" | "S14" | "S15" | "S17" | "S26";
  controlId: string;
  sent: Date;
  appointmentId: string;
  start: Date;
  minutes?: number;
  mrn?: string;
  /** Ten digits; sent as a CP (cell phone) entry after a PH (home) entry. */
  cell?: string;
  firstName?: string;
  provider?: string;
  location?: string;
}

export function hl7Time(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, "").slice(0, 14)}+0000`;
}

const STATUS = { S12: "Booked", S13: "Booked", S14: "Booked", S15: "Cancelled", S17: "Deleted", S26: "Noshow" } as const;

export function siuText(spec: SiuSpec): string {
  const end = new Date(spec.start.getTime() + (spec.minutes ?? 30) * 60_000);
  const cell = spec.cell ?? "3125550142";
  return [
    `MSH|^~\\&|SYNTH-PM|SYNTH-CLINIC|MINNOW|PRACTICE|${hl7Time(spec.sent)}||SIU^${spec.event}^SIU_S12|${spec.controlId}|P|2.5`,
    `SCH|PL-${spec.appointmentId}|${spec.appointmentId}|||||FOLLOWUP|NORMAL|${spec.minutes ?? 30}|M|^^${spec.minutes ?? 30}^${hl7Time(spec.start)}^${hl7Time(end)}||||||||||||||${STATUS[spec.event]}`,
    `PID|1||${spec.mrn ?? "MRN20001"}^^^SYNTH^MR||SAMPLE^${spec.firstName ?? "AVA"}||19800101|F|||||^PRN^PH^^1^312^5550100~^ORN^CP^^1^${cell.slice(0, 3)}^${cell.slice(3)}`,
    "RGS|1|A",
    `AIL|1|A|${spec.location ?? "MAIN"}^^^MAIN CLINIC`,
    `AIP|1|A|${spec.provider ?? "DRLEE"}^LEE^SAM`,
  ].join("\r");
}
