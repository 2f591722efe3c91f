import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../src/policy/index.js";

const CHICAGO = "America/Chicago";

function renderOne(tag: string, value: unknown, locale = "en", timeZone = CHICAGO) {
  return renderTemplate({ body: `{{${tag}}}` }, { slot: { start: value } }, { phiLevel: "minimal", locale, timeZone });
}
function text(tag: string, value: unknown, locale = "en", timeZone = CHICAGO): string {
  const result = renderOne(tag, value, locale, timeZone);
  if (!result.ok) throw new Error(`expected a render, got ${JSON.stringify(result.refused)}`);
  return result.body;
}

describe("date and time formatters in America/Chicago across DST", () => {
  it.each([
    ["before spring-forward, CST", "2026-03-08T07:30:00Z", "slot.start | time", "1:30 AM"],
    ["after spring-forward, CDT", "2026-03-08T08:30:00Z", "slot.start | time", "3:30 AM"],
    ["2:30 PM the day before the change (UTC-6)", "2026-03-07T20:30:00Z", "slot.start | time", "2:30 PM"],
    ["2:30 PM the day after the change (UTC-5)", "2026-03-09T19:30:00Z", "slot.start | time", "2:30 PM"],
    ["first 1:30 AM on fall-back day (CDT)", "2026-11-01T06:30:00Z", "slot.start | time", "1:30 AM"],
    ["second 1:30 AM on fall-back day (CST)", "2026-11-01T07:30:00Z", "slot.start | time", "1:30 AM"],
    ["an offset instant", "2026-03-08T14:30:00-05:00", "slot.start | datetime", "Sun, Mar 8 at 2:30 PM"],
    ["late evening local is still the previous day in UTC terms", "2026-03-10T03:30:00Z", "slot.start | date", "Mon, Mar 9"],
    ["Date objects are instants", new Date("2026-11-02T15:00:00Z"), "slot.start | datetime", "Mon, Nov 2 at 9:00 AM"],
    ["epoch milliseconds are instants", Date.parse("2026-03-09T19:30:00Z"), "slot.start | time", "2:30 PM"],
    ["a date-only value never shifts to the day before", "2026-11-01", "slot.start | date", "Sun, Nov 1"],
    ["a wall date-time is shown as written", "2026-03-08T14:30", "slot.start | datetime", "Sun, Mar 8 at 2:30 PM"],
    ["a wall time inside the spring-forward gap is shown as written", "2026-03-08T02:30", "slot.start | time", "2:30 AM"],
    ["a bare time", "09:05", "slot.start | time", "9:05 AM"],
  ])("%s", (_name, value, tag, expected) => {
    expect(text(tag, value)).toBe(expected);
  });

  it("shows the same instant in the practice's own zone", () => {
    expect(text("slot.start | time", "2026-03-09T19:30:00Z", "en", "America/Los_Angeles")).toBe("12:30 PM");
    expect(text("slot.start | date", "2026-03-10T03:30:00Z", "en", "UTC")).toBe("Tue, Mar 10");
  });

  it("a date-only value is the same calendar day in any zone", () => {
    expect(text("slot.start | date", "2026-11-01", "en", "Pacific/Kiritimati")).toBe("Sun, Nov 1");
    expect(text("slot.start | date", "2026-11-01", "en", "Pacific/Pago_Pago")).toBe("Sun, Nov 1");
  });
});

describe("styles and locales", () => {
  const tuesday = "2026-03-10T19:30:00Z"; // 2:30 PM CDT
  it.each([
    ["en", "slot.start | date", "Tue, Mar 10"],
    ["en", 'slot.start | date:"long"', "Tuesday, March 10"],
    ["en", 'slot.start | date:"numeric"', "3/10"],
    ["en", "slot.start | time", "2:30 PM"],
    ["en", "slot.start | datetime", "Tue, Mar 10 at 2:30 PM"],
    ["en", 'slot.start | datetime:"long"', "Tuesday, March 10 at 2:30 PM"],
    ["en", "slot.start | weekday", "Tue"],
    ["en", 'slot.start | weekday:"long"', "Tuesday"],
    ["en", "slot.start", "Tue, Mar 10 at 2:30 PM"],
    ["es", "slot.start | date", "martes 10 de mar"],
    ["es", 'slot.start | date:"long"', "martes 10 de marzo"],
    ["es", 'slot.start | date:"numeric"', "10/3"],
    ["es", "slot.start | time", "2:30 p.m."],
    ["es", "slot.start | datetime", "martes 10 de mar, 2:30 p.m."],
    ["es", 'slot.start | weekday:"long"', "martes"],
    ["es-MX", 'slot.start | weekday:"long"', "martes"],
    ["en-US", "slot.start | time", "2:30 PM"],
  ])("%s %s", (locale, tag, expected) => {
    expect(text(tag, tuesday, locale)).toBe(expected);
  });

  it("Spanish across the spring-forward change keeps local wall time", () => {
    expect(text("slot.start | datetime", "2026-03-08T08:30:00Z", "es")).toBe("domingo 8 de mar, 3:30 a.m.");
    expect(text('slot.start | date:"long"', "2026-11-01T06:30:00Z", "es")).toBe("domingo 1 de noviembre");
  });

  it("refuses an unsupported locale or time zone with a clear error", () => {
    expect(() => renderOne("slot.start | date", tuesday, "fr")).toThrow(/Unsupported template locale 'fr'; use one of en, es/);
    expect(() => renderOne("slot.start | date", tuesday, "en", "America/Chicag")).toThrow(/Unknown IANA time zone 'America\/Chicag'/);
  });
});

describe("values a formatter cannot read are refused, never printed raw", () => {
  it.each([
    ["an impossible date", "2026-02-30", "slot.start | date"],
    ["an impossible time", "25:00", "slot.start | time"],
    ["a date-only value under a time formatter", "2026-03-10", "slot.start | time"],
    ["a time-only value under a date formatter", "14:30", "slot.start | date"],
    ["free text", "tomorrow at 3", "slot.start | date"],
    ["an invalid Date", new Date("nope"), "slot.start | date"],
    ["an object", { at: "2026-03-10" }, "slot.start | date"],
    ["a boolean without formatter", true, "slot.start"],
    ["a date-time with a malformed offset", "2026-03-10T14:30:00+5", "slot.start"],
  ])("%s", (_name, value, tag) => {
    expect(renderOne(tag, value)).toEqual({ ok: false, refused: [{ variable: "slot.start", phiClass: "sometimes", reason: "invalid-value" }] });
  });
});
