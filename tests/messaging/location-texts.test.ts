import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { locationForSender, practiceLocation, type ResolvedLocation } from "../../src/locations/resolve-location.js";
import { replyText } from "../../src/messaging/reply-texts.js";
import { lintAllTemplates, assertTemplatesPass } from "../../src/messaging/template-lint.js";
import { renderMessage } from "../../src/messaging/templates.js";
import { phiClassOf } from "../../src/policy/phi-dictionary.js";

/** What a text says about where and when: the location's zone, name, phone, hours and overrides. */
const config = parsePracticeConfig({
  practice: { name: "Sunrise Family Clinic", phone: "+13125550100", timeZone: "America/Chicago", hours: "Mon-Fri 8am-5pm" },
  locations: [
    { id: "phoenix", name: "Phoenix Clinic", phone: "+16025550100", hours: "Mon-Fri 7am-3pm", timeZone: "America/Phoenix", sender: "+16025550100", templates: { "appointment-reminder": { en: "{{practice.name}} at {{location.name}}: see you {{appointment.start | datetime}}. Reply STOP to opt out." } } },
    { id: "denver", name: "Denver Clinic", phone: "+13035550100", timeZone: "America/Denver", sender: `MG${"d".repeat(32)}` },
  ],
});

function at(id: string, zoneFrom: ResolvedLocation["zoneFrom"] = "config"): ResolvedLocation {
  const profile = config.locations.find((l) => l.id === id);
  if (!profile?.timeZone) throw new Error(`no ${id}`);
  return { id, name: profile.name, phone: profile.phone ?? "", hours: profile.hours ?? config.practice.hours, timeZone: profile.timeZone, zoneFrom, sender: profile.sender ?? null, templates: profile.templates ?? {}, unlisted: false };
}

function confirmRequest(location: ResolvedLocation | undefined, start: string): string {
  const rendered = renderMessage(config, { templateId: "appointment-confirm-request", language: "en", phiLevel: "minimal", values: { patient: { firstName: "Testa" }, appointment: { start: new Date(start) } }, ...(location ? { location } : {}) });
  if (!rendered.ok) throw new Error(rendered.reasons.join(","));
  return rendered.body;
}

describe("appointment times in texts are written in the appointment's location zone", () => {
  // 2026: the US changes clocks on Sunday March 8 and Sunday November 1. Phoenix never does.
  it.each([
    ["Phoenix, March, before the change", "phoenix", "2026-03-06T16:00:00Z", "Fri, Mar 6 at 9:00 AM"],
    ["Phoenix, March, after the change", "phoenix", "2026-03-10T16:00:00Z", "Tue, Mar 10 at 9:00 AM"],
    ["Phoenix, November, before the change", "phoenix", "2026-10-30T16:00:00Z", "Fri, Oct 30 at 9:00 AM"],
    ["Phoenix, November, after the change", "phoenix", "2026-11-03T16:00:00Z", "Tue, Nov 3 at 9:00 AM"],
    ["Denver, March, before the change", "denver", "2026-03-06T16:00:00Z", "Fri, Mar 6 at 9:00 AM"],
    ["Denver, March, after the change", "denver", "2026-03-10T15:00:00Z", "Tue, Mar 10 at 9:00 AM"],
    ["Denver, November, before the change", "denver", "2026-10-30T15:00:00Z", "Fri, Oct 30 at 9:00 AM"],
    ["Denver, November, after the change", "denver", "2026-11-03T16:00:00Z", "Tue, Nov 3 at 9:00 AM"],
  ])("%s: %s", (_case, id, start, local) => {
    expect(confirmRequest(at(id), start)).toContain(`your appointment is ${local}.`);
  });

  it("says another hour for the same instant at the other location, and the practice's hour without one", () => {
    const instant = "2026-03-10T16:00:00Z"; // after the change: 9:00 in Phoenix, 10:00 in Denver, 11:00 in Chicago
    expect(confirmRequest(at("phoenix"), instant)).toContain("at 9:00 AM");
    expect(confirmRequest(at("denver"), instant)).toContain("at 10:00 AM");
    expect(confirmRequest(undefined, instant)).toContain("at 11:00 AM");
  });
});

describe("location values and overrides", () => {
  it("tells the patient to call the location's phone, in every built-in text that gives one", () => {
    const rendered = renderMessage(config, { templateId: "reschedule-instructions", language: "en", phiLevel: "none", values: {}, location: at("denver") });
    expect(rendered).toMatchObject({ ok: true, body: "Sunrise Family Clinic: To reschedule, please call us at +13035550100 (Mon-Fri 8am-5pm)." });
    const practice = renderMessage(config, { templateId: "reschedule-instructions", language: "en", phiLevel: "none", values: {} });
    expect(practice).toMatchObject({ ok: true, body: "Sunrise Family Clinic: To reschedule, please call us at +13125550100 (Mon-Fri 8am-5pm)." });
  });

  it("uses the location's own override first, and names the location only under the patient's authorization", () => {
    const values = { patient: { firstName: "Testa" }, appointment: { start: new Date("2026-03-10T16:00:00Z") } };
    const minimal = renderMessage(config, { templateId: "appointment-reminder", language: "en", phiLevel: "minimal", values, location: at("phoenix") });
    expect(minimal).toMatchObject({ ok: true, variant: "appointment-reminder.en.custom@phoenix", body: "Sunrise Family Clinic at Phoenix Clinic: see you Tue, Mar 10 at 9:00 AM. Reply STOP to opt out." });
    // At phiLevel none the override (a location name and a time) cannot render: the no-detail built-in goes instead.
    const none = renderMessage(config, { templateId: "appointment-reminder", language: "en", phiLevel: "none", values, location: at("phoenix") });
    expect(none).toMatchObject({ ok: true, variant: "appointment-reminder.en.none" });
    if (none.ok) expect(none.body).not.toContain("Phoenix Clinic");
    // Another location does not get Phoenix's override.
    const denver = renderMessage(config, { templateId: "appointment-reminder", language: "en", phiLevel: "minimal", values, location: at("denver") });
    expect(denver).toMatchObject({ ok: true, variant: "appointment-reminder.en.minimal" });
  });

  it("classes location.name as sometimes, and location.phone and location.hours as never", () => {
    expect([phiClassOf("location.name"), phiClassOf("location.phone"), phiClassOf("location.hours")]).toEqual(["sometimes", "never", "never"]);
  });
});

describe("HELP and the other fixed replies name the location whose number the patient wrote to", () => {
  it.each([
    ["+16025550100", "Phoenix Clinic: For help call (602) 555-0100."],
    [`MG${"d".repeat(32)}`, "Denver Clinic: For help call (303) 555-0100."],
    ["+13125550100", "Sunrise Family Clinic: For help call (312) 555-0100."],
  ])("to %s", (sender, start) => {
    expect(replyText(config, "help", "en", { location: locationForSender(config, sender) })).toMatch(new RegExp(`^${start.replace(/[().+]/g, "\\$&")}`));
  });

  it("is the practice's when no location is given", () => {
    expect(replyText(config, "help", "en", { location: practiceLocation(config) })).toBe(replyText(config, "help", "en"));
  });
});

describe("lint of locations", () => {
  it.each([
    ["Mesa Oncology Center", ["oncology"]],
    ["Northside Behavioral Health", ["behavioral health"]],
    ["Centro de Salud Mental", ["salud mental"]],
    ["Valley HIV and Sexual Health Clinic", ["hiv", "sexual health"]],
  ])("warns that %s names a specialty, without refusing to start", (name, words) => {
    const withName = parsePracticeConfig({ locations: [{ id: "x", name }] });
    const report = lintAllTemplates(withName).find((r) => r.template === "locations.0.name (x)");
    expect(report?.ok).toBe(true);
    expect(report?.findings.map((f) => [f.rule, f.severity])).toEqual([["location-name-specialty", "warning"]]);
    for (const word of words) expect(report?.findings[0]?.message).toContain(`"${word}"`);
    expect(() => assertTemplatesPass(withName)).not.toThrow();
  });

  it.each(["Mesa Clinic", "Heartland Family Medicine", "Sunrise Pediatrics", "Cancerberos Street Clinic"])("says nothing about %s", (name) => {
    expect(lintAllTemplates(parsePracticeConfig({ locations: [{ id: "x", name }] })).filter((r) => r.template.startsWith("locations."))).toEqual([]);
  });

  it("lints a location's own templates like the practice's, under their config path", () => {
    const bad = parsePracticeConfig({ locations: [{ id: "x", name: "X", templates: { "waitlist-offer": { en: "{{practice.name}}: a slot opened. Reply CANCEL to pass. Reply STOP to opt out." }, "no-such": { en: "hi" } } }] });
    expect(() => assertTemplatesPass(bad)).toThrow(/locations\.0\.templates\.waitlist-offer\.en: \[opt-out-keyword-conflict\]/);
    expect(() => assertTemplatesPass(bad)).toThrow(/locations\.0\.templates\.no-such: \[unknown-template\]/);
  });
});
