import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toE164 } from "../../../connectors/fhir/map-contact.js";
import { parseHl7DateTime } from "../../../connectors/hl7/hl7-date.js";
import { parseMessage, readHeader, readSiuBody, type SiuMessage } from "../../../connectors/hl7/parse-siu.js";
import { SiuRejection, type SiuProblem } from "../../../connectors/hl7/siu-problem.js";

const opts = { timeZone: "America/Chicago", normalizePhone: toE164, patientRefOf: (id: string) => `hl7-patient:${id.length}` };

function parse(text: string): SiuMessage {
  const message = parseMessage(text);
  return readSiuBody(message, readHeader(message, opts.timeZone), opts);
}
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/hl7/${name}`, import.meta.url), "utf8");

function problemOf(text: string): SiuProblem {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof SiuRejection) return err.problem;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("SIU parsing (fixtures for each event)", () => {
  it.each([
    ["s12-new.hl7", "S12", "booked", "2027-01-12T21:00:00.000Z"],
    ["s13-rescheduled.hl7", "S13", "booked", "2027-01-14T16:00:00.000Z"],
    ["s14-modified.hl7", "S14", "booked", "2027-01-14T16:00:00.000Z"],
    ["s15-cancelled.hl7", "S15", "cancelled", "2027-01-14T16:00:00.000Z"],
    ["s17-deleted.hl7", "S17", "cancelled", "2027-01-15T15:00:00.000Z"],
    ["s26-noshow.hl7", "S26", "noshow", "2027-01-12T21:00:00.000Z"],
    ["s12-tq1-timing.hl7", "S12", "booked", "2027-01-13T20:00:00.000Z"],
  ])("%s maps to the appointment model", (file, event, status, start) => {
    const siu = parse(fixture(file));
    expect(siu.event).toBe(event);
    expect(siu.record.source).toBe("hl7");
    expect(siu.record.ref).toMatch(/^hl7:FL-\d+$/);
    expect(siu.record.status).toBe(status);
    expect(siu.record.start.toISOString()).toBe(start);
    expect(siu.record.locationRef).toMatch(/^hl7-location:[A-Z]+$/);
    expect(siu.record.practitionerRef).toMatch(/^hl7-practitioner:DR[A-Z]+$/);
  });

  it("texts only the cell phone (CP): a home line listed first is skipped, and no CP means no phone", () => {
    const siu = parse(fixture("s12-new.hl7"));
    expect(siu.record.contact.phone).toBe("+13125550142");
    expect(siu.record.contact.state).toBe("IL");
    expect(siu.record.contact.language).toBe("en");
    expect(siu.firstName).toBe("AVA");
    const homeOnly = parse(fixture("s12-new.hl7").replace("~^ORN^CP^^1^312^5550142", ""));
    expect(homeOnly.record.contact.phone).toBeUndefined();
    const cpFirst = parse(fixture("s12-new.hl7").replace("^PRN^PH^^1^312^5550100~^ORN^CP^^1^312^5550142", "^PRN^FX^^1^312^5550100~^PRN^CP^^^^^^^^^3125550199"));
    expect(cpFirst.record.contact.phone).toBe("+13125550199");
  });

  it("the patient reference comes from PID-3 with its authority, never the raw MRN", () => {
    const seen: string[] = [];
    const message = parseMessage(fixture("s12-new.hl7"));
    const siu = readSiuBody(message, readHeader(message, opts.timeZone), { ...opts, patientRefOf: (id) => (seen.push(id), "hl7-patient:opaque") });
    expect(seen).toEqual(["SYNTH|MRN10001"]);
    expect(siu.record.patientRef).toBe("hl7-patient:opaque");
  });

  it("a time without an offset is the practice's wall time, across DST", () => {
    expect(parseHl7DateTime("20270312090000", "America/Chicago")?.toISOString()).toBe("2027-03-12T15:00:00.000Z");
    expect(parseHl7DateTime("20270315090000", "America/Chicago")?.toISOString()).toBe("2027-03-15T14:00:00.000Z");
    expect(parseHl7DateTime("202703150900-0500", "America/Chicago")?.toISOString()).toBe("2027-03-15T14:00:00.000Z");
    for (const bad of ["20270230", "2027-03-15", "20271301", "202703152460", "", "2027031509000"]) expect(parseHl7DateTime(bad, "America/Chicago"), bad).toBeNull();
  });

  it.each([
    ["bad-date.hl7", { ack: "AE", segment: "SCH", field: 11, code: 102 }],
    ["missing-pid.hl7", { ack: "AE", segment: "PID", field: undefined, code: 100 }],
    ["unsupported-adt.hl7", { ack: "AR", segment: "MSH", field: 9, code: 200 }],
  ])("%s is refused with the segment and field", (file, want) => {
    const problem = problemOf(fixture(file));
    expect({ ack: problem.ack, segment: problem.segment, field: problem.field, code: problem.error.code }).toEqual(want);
  });

  it.each([
    ["no control id", (t: string) => t.replace("|SYN-S12-0001|", "||"), "MSH", 10, 101],
    ["no SCH", (t: string) => t.replace(/^SCH\|.*$/m, ""), "SCH", undefined, 100],
    ["no start anywhere", (t: string) => t.replace(/\^\^30\^20270112150000-0600\^20270112153000-0600/, "").replace(/^AIS\|.*$/m, ""), "SCH", 11, 101],
    ["an end that is not a date", (t: string) => t.replace("^20270112153000-0600|", "^soon|"), "SCH", 11, 102],
    ["no patient id", (t: string) => t.replace("MRN10001^^^SYNTH^MR", ""), "PID", 3, 101],
    ["an unknown filler status", (t: string) => t.replace("|Booked", "|Maybe"), "SCH", 25, 103],
    ["an appointment id with spaces", (t: string) => t.replace("FL-9001", "FL 9001"), "SCH", 2, 102],
  ])("%s: AE naming the field", (_name, edit, segment, field, code) => {
    const problem = problemOf(edit(fixture("s12-new.hl7")));
    expect(problem.ack).toBe("AE");
    expect({ segment: problem.segment, field: problem.field, code: problem.error.code }).toEqual({ segment, field, code });
  });
});
