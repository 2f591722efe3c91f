import { describe, expect, it } from "vitest";
import { lintTemplate, type LintTemplateInput } from "../../src/policy/index.js";

const GOOD = "{{practice.name}}: Hi {{patient.firstName}}, see you {{appointment.start}}. Reply C to confirm, R to reschedule. Reply STOP to opt out.";
const lint = (body: string, extra: Partial<LintTemplateInput> = {}, phiLevel?: "none" | "minimal") =>
  lintTemplate({ body, purpose: "appointment-reminder", ...extra }, phiLevel ? { phiLevel } : {});
const findingsFor = (rule: string, body: string, extra: Partial<LintTemplateInput> = {}, phiLevel?: "none" | "minimal") =>
  lint(body, extra, phiLevel).findings.filter((f) => f.rule === rule);

describe("lintTemplate", () => {
  it("passes a well-formed first reminder at phiLevel minimal", () => {
    expect(lint(GOOD, { firstMessage: true }, "minimal")).toEqual({ ok: true, findings: [] });
  });

  it("defaults phiLevel to none, so sometimes fields need authorization", () => {
    const result = lint(GOOD);
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => f.rule)).toEqual(["phi-needs-authorization", "phi-needs-authorization"]);
  });

  it("ok is true with only warnings", () => {
    const result = lint("{{practice.name}}: Thanks!", { purpose: "broadcast" });
    expect(result.findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(["missing-opt-out-instructions:warning"]);
    expect(result.ok).toBe(true);
  });

  it("reports a syntax error and still runs the text rules", () => {
    const result = lint("{{practice.name}}: Reply CANCEL to cancel {{patient.firstName");
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => f.rule)).toEqual(["template-syntax", "opt-out-keyword-conflict"]);
    expect(result.findings[0]?.message).toMatch(/position 42/);
  });
});

describe("PHI rules", () => {
  it.each([
    ["{{patient.dob}}", "minimal", "phi-always"],
    ["{{patient.lastName}}", "minimal", "phi-always"],
    ["{{appointment.reason}}", "minimal", "phi-always"],
    ["{{practitioner.specialty}}", "minimal", "phi-always"],
    ["{{invoice.balance}}", "minimal", "phi-always"],
    ["{{medication}}", "none", "phi-always"],
    ["{{patient.firstName}}", "none", "phi-needs-authorization"],
    ["{{location.name}}", "none", "phi-needs-authorization"],
    ["{{practitioner.name}}", "none", "phi-needs-authorization"],
    ["{{links.payment}}", "none", "phi-needs-authorization"],
    ["{{patient.ssn}}", "minimal", "unknown-variable"],
    ["{{Practice.Name}}", "minimal", "unknown-variable"],
  ] as const)("%s at %s is %s", (tag, phiLevel, rule) => {
    const findings = lint(`{{practice.name}}: ${tag}`, {}, phiLevel).findings;
    expect(findings).toEqual([expect.objectContaining({ rule, severity: "error" })]);
  });

  it.each([
    ["{{links.portal}}", "none"],
    ["{{offer.holdMinutes}}", "none"],
    ["{{patient.firstName}}", "minimal"],
    ["{{slot.start | time}}", "minimal"],
  ] as const)("%s at %s passes", (tag, phiLevel) => {
    expect(lint(`{{practice.name}}: ${tag}`, {}, phiLevel).findings).toEqual([]);
  });

  it("suggests the variable a typo meant", () => {
    expect(findingsFor("unknown-variable", "{{practice.name}} {{patient.frstName}}")[0]?.message).toContain("Did you mean {{patient.firstName}}?");
    expect(findingsFor("unknown-variable", "{{practice.name}} {{zzzzzzzz}}")[0]?.message).not.toContain("Did you mean");
  });
});

describe("content rules", () => {
  it.each([
    ["prescription-drug", "Your oxycodone refill is ready.", "error"],
    ["prescription-drug", "Pick up your ADDERALL today.", "error"],
    ["prescription-drug", "Your Retin A order is in.", "error"],
    ["prescription-drug", "Ask about MS Contin.", "error"],
    ["prescription-drug", "Ozempic appointments open.", "error"],
    ["prohibited-content", "Free wine at our open house!", "error"],
    ["prohibited-content", "Quit vaping with us.", "error"],
    ["prohibited-content", "Cigarettes and cigars out front.", "error"],
    ["prohibited-content", "Medical marijuana cards available.", "error"],
    ["prohibited-content", "CBD samples at the front desk.", "error"],
    ["prohibited-content", "Gun show this weekend.", "error"],
    ["prohibited-content", "No porn here.", "error"],
    ["public-url-shortener", "Details: https://bit.ly/3abc", "error"],
    ["public-url-shortener", "Details: tinyurl.com/xyz", "error"],
    ["public-url-shortener", "Details: t.co/xyz", "error"],
    ["public-url-shortener", "Details: www.rb.gy/xyz.", "error"],
    ["public-url-shortener", "Details: HTTPS://CUTT.LY/x", "error"],
  ] as const)("%s flags %j", (rule, text, severity) => {
    const findings = findingsFor(rule, `{{practice.name}}: ${text}`);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe(severity);
  });

  it.each([
    ["Your prescription is ready for pickup."],
    ["Prescription refills: call {{practice.phone}}."],
    ["Visit https://about.com/t.com or microsoft.com for details."],
    ["Our shortlink is riverside.example/r/abc"],
    ["Wineberry Lane location."], // "wine" only as a whole word
    ["Use your cipher key."], // "cipro" only as a whole word
    ["The soma of the cell; the sonata concert; Norco office."],
    ["Bring a list of your medications."],
    ["Our staff escorts you to the room."],
  ])("does not flag %j", (text) => {
    const rules = lint(`{{practice.name}}: ${text}`).findings.map((f) => f.rule);
    expect(rules).toEqual([]);
  });

  it("lowers SHAFT-C to a warning only for the age-gated categories a practice lowered", () => {
    const tobacco = "{{practice.name}}: Quit vaping with us. Reply STOP to opt out.";
    const lowered = lintTemplate({ body: tobacco, purpose: "appointment-reminder" }, { prohibitedContentLowered: ["tobacco"] });
    expect(lowered.ok).toBe(true);
    expect(lowered.findings).toEqual([expect.objectContaining({ rule: "prohibited-content", severity: "warning", message: expect.stringContaining("lint.prohibitedContent") })]);
    const otherCategory = lintTemplate({ body: "{{practice.name}}: Free wine tonight. Reply STOP to opt out.", purpose: "appointment-reminder" }, { prohibitedContentLowered: ["tobacco"] });
    expect(otherCategory.ok).toBe(false);
    const neverLowered = lintTemplate({ body: "{{practice.name}}: CBD samples. Reply STOP to opt out.", purpose: "appointment-reminder" }, { prohibitedContentLowered: ["cannabis"] });
    expect(neverLowered.findings.map((f) => f.severity)).toEqual(["error"]);
  });

  it("reports each drug named", () => {
    const findings = findingsFor("prescription-drug", "{{practice.name}}: Ozempic (semaglutide) and Wegovy.");
    expect(findings.map((f) => f.message.match(/"([^"]+)"/)?.[1])).toEqual(["semaglutide", "ozempic", "wegovy"]);
  });

  it("names the term and how to fix it", () => {
    const [drug] = findingsFor("prescription-drug", "{{practice.name}}: Your Xanax is ready");
    expect(drug?.message).toMatch(/Remove "xanax".*your prescription is ready/);
    const [link] = findingsFor("public-url-shortener", "{{practice.name}}: bit.ly/x");
    expect(link?.message).toMatch(/bit\.ly.*practice's own domain/);
  });
});

describe("missing-practice-identification", () => {
  it.each([
    ["appointment-reminder", "error"],
    ["payment-reminder", "error"],
    ["broadcast", "error"],
    ["reply", "warning"],
  ] as const)("without {{practice.name}} a %s is a %s", (purpose, severity) => {
    const findings = findingsFor("missing-practice-identification", "Riverside: see you soon.", { purpose });
    expect(findings).toEqual([expect.objectContaining({ severity, message: expect.stringContaining("{{practice.name}}") })]);
  });

  it("passes when the template names the practice", () => {
    expect(findingsFor("missing-practice-identification", "{{ practice.name }}: see you soon.")).toEqual([]);
  });
});

describe("too-long", () => {
  it("passes a short template", () => {
    expect(findingsFor("too-long", "{{practice.name}}: see you soon.")).toEqual([]);
  });

  it("warns above 2 segments with worst-case values", () => {
    // 270 literal characters plus a 38-character practice name: 310 septets, 3 GSM-7 segments.
    const [finding] = findingsFor("too-long", "{{practice.name}}: " + "a".repeat(270));
    expect(finding?.severity).toBe("warning");
    expect(finding?.message).toMatch(/3 GSM-7 segments.*at most 2 segments/);
  });

  it("counts the worst-case value, not the tag's own length", () => {
    // Literal text fits 2 segments; long practice and location names push it to 3.
    const body = "{{practice.name}} {{location.name}} {{practice.address}} " + "a".repeat(200);
    expect(body.length).toBeLessThan(306);
    expect(findingsFor("too-long", body, {}, "minimal")).toHaveLength(1);
  });

  it("names a literal character that forces UCS-2", () => {
    const [finding] = findingsFor("too-long", "{{practice.name}}: it’s " + "a".repeat(120));
    expect(finding?.message).toMatch(/UCS-2.*"’".*straight quotes/);
  });

  it("uses the worst Spanish weekday, which forces UCS-2", () => {
    const body = "{{practice.name}}: {{slot.start | date}} " + "a".repeat(100);
    expect(findingsFor("too-long", body, {}, "minimal")).toEqual([]);
    const spanish = lintTemplate({ body, purpose: "waitlist-offer" }, { phiLevel: "minimal", locale: "es" }).findings.filter((f) => f.rule === "too-long");
    expect(spanish[0]?.message).toMatch(/UCS-2/);
  });

  it("is an error above Twilio's 1,600 characters", () => {
    const [finding] = findingsFor("too-long", "{{practice.name}}: " + "a".repeat(1570));
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("1600-character limit");
  });
});
