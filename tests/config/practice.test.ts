import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/env.js";
import { loadPracticeConfig, parsePracticeConfig } from "../../src/config/practice.js";
import { parseDuration } from "../../src/config/duration.js";

function writeYaml(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "minnow-cfg-")), "practice.yaml");
  writeFileSync(path, text);
  return path;
}

describe("practice config", () => {
  it("gives a sensible practice with nothing configured", () => {
    const cfg = loadPracticeConfig();
    expect(cfg.practice.timeZone).toBe("America/Chicago");
    expect(cfg.reminders.touches).toEqual(["72h", "24h"]);
    expect(cfg.waitlist).toEqual({ batchSize: 3, holdMinutes: 15, cutoffHours: 2, maxOffersPerWeek: 3 });
    expect(cfg.caps).toEqual({ perDay: 1, perWeek: 3 });
    expect(cfg.consent.fromEhr).toBeUndefined();
    expect(cfg.consent.verifyByReply).toBe(true);
    expect(cfg.lint.prohibitedContent).toBeUndefined();
  });

  it("reads the consent verification keys", () => {
    const cfg = loadPracticeConfig(
      writeYaml(`consent:
  fromEhr: { scopes: [appointment], evidence: "Intake form v3", phonesVerified: { evidence: "Front desk confirms mobiles at check-in" } }
  verifyByReply: false
`),
    );
    expect(cfg.consent.fromEhr?.phonesVerified).toEqual({ evidence: "Front desk confirms mobiles at check-in" });
    expect(cfg.consent.verifyByReply).toBe(false);
  });

  it("reads the documented keys from YAML and keeps defaults for the rest", () => {
    const cfg = loadPracticeConfig(
      writeYaml(`practice: { name: "Lakeside Pediatrics", phone: "+13125550111", timeZone: "America/New_York" }
consent:
  fromEhr: { scopes: [appointment, waitlist], phiLevel: minimal, evidence: "Intake form v3, SMS section" }
reminders: { touches: ["48h"], replyTouch: "48h" }
baa: { twilio: { signed: true, date: "2026-01-15", reference: "BAA-2026-01" } }
`),
    );
    expect(cfg.practice.name).toBe("Lakeside Pediatrics");
    expect(cfg.consent.fromEhr?.phiLevel).toBe("minimal");
    expect(cfg.reminders).toEqual({ touches: ["48h"], replyTouch: "48h", allowCancelByText: false });
    expect(cfg.baa.twilio?.signed).toBe(true);
    expect(cfg.sync.horizonDays).toBe(14);
  });

  it.each([
    [{ practice: { timeZone: "America/Chicag" } }, /practice\.timeZone: is not an IANA time zone/],
    [{ practice: { phone: "312-555-0100" } }, /practice\.phone: must be an E\.164/],
    [{ reminders: { touches: ["3 days"] } }, /reminders\.touches\.0: must be a duration/],
    [{ caps: { perDay: 50 } }, /caps\.perDay/],
    [{ consent: { fromEhr: { scopes: ["appointment"], evidence: "Intake form", phonesVerified: { evidence: "yes" } } } }, /consent\.fromEhr\.phonesVerified\.evidence: must say how the practice confirms/],
    [{ consent: { verifyByReply: "yes" } }, /consent\.verifyByReply/],
    [{ waitlist: { batchSize: 0 } }, /waitlist\.batchSize/],
    [{ baa: { acuity: { signed: false, acknowledgement: { reason: "ok", by: "x", date: "2026-01-01" } } } }, /baa\.acuity\.acknowledgement\.reason/],
  ])("names the bad key and the fix: %j", (raw, message) => {
    expect(() => parsePracticeConfig(raw)).toThrow(message);
  });

  it("reports unreadable files and bad YAML as config errors", () => {
    expect(() => loadPracticeConfig("/nonexistent/minnow.yaml")).toThrow(ConfigError);
    expect(() => loadPracticeConfig(writeYaml("practice: [unclosed"))).toThrow(/not valid YAML/);
  });
});

describe("parseDuration", () => {
  it.each([
    ["72h", 72 * 3_600_000],
    ["90m", 90 * 60_000],
    ["2d", 2 * 86_400_000],
    ["3 days", null],
    ["", null],
    ["-1h", null],
  ])("%s", (text, ms) => expect(parseDuration(text)).toBe(ms));
});
