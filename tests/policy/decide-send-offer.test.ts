import { describe, expect, it } from "vitest";
import type { Consent } from "../../src/policy/consent.js";
import { decideSend, type SendRequest } from "../../src/policy/decide-send.js";

/** A waitlist offer is asked for: the daily and weekly caps do not hold it back; quiet hours, consent and STOP still do. */
const NOON_CHICAGO = new Date("2026-12-03T18:00:00Z");
const consent: Consent = { patientRef: "Patient/1", scopes: ["waitlist", "appointment"], phiLevel: "minimal", source: "web-form", evidence: "form", capturedAt: new Date("2026-01-01T00:00:00Z"), phoneVerified: true };
const earlierToday = [new Date(NOON_CHICAGO.getTime() - 2 * 3_600_000)];

function request(kind: SendRequest["kind"], over: Partial<SendRequest> = {}): SendRequest {
  return {
    at: NOON_CHICAGO,
    scope: "waitlist",
    consent,
    recipient: { phone: "+13125550142", timeZone: "America/Chicago", phoneVerified: true },
    practiceTimeZone: "America/Chicago",
    history: earlierToday,
    kind,
    ...over,
  };
}

describe("decideSend for a waitlist offer", () => {
  it("an offer goes out after a reminder the same day; the same text as outreach is deferred by the daily cap", () => {
    expect(decideSend(request("offer")).action).toBe("send");
    expect(decideSend(request("outreach"))).toMatchObject({ action: "defer", reasons: ["daily-cap"] });
  });

  it("an offer is not held by the weekly cap either", () => {
    const week = [1, 2, 3].map((d) => new Date(NOON_CHICAGO.getTime() - d * 86_400_000));
    expect(decideSend(request("offer", { history: week })).action).toBe("send");
    expect(decideSend(request("outreach", { history: week }))).toMatchObject({ action: "defer", reasons: ["weekly-cap"] });
  });

  it.each([
    ["at 10 PM in the patient's zone", { at: new Date("2026-12-04T04:00:00Z") }, { action: "defer", reasons: ["quiet-hours"] }],
    ["without waitlist consent", { consent: { ...consent, scopes: ["appointment"] } satisfies Consent }, { action: "deny" }],
    ["to a phone that texted STOP", { phoneOptedOut: true }, { action: "deny", reasons: ["phone-opted-out"] }],
    ["to a number called wrong", { wrongNumber: true }, { action: "deny", reasons: ["wrong-number"] }],
  ])("an offer is still held back %s", (_, over, expected) => {
    expect(decideSend(request("offer", over))).toMatchObject(expected);
  });
});
