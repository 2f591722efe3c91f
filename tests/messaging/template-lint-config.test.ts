import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { assertTemplatesPass, lintAllTemplates } from "../../src/messaging/template-lint.js";

/** SHAFT-C is an error carriers filter on; a practice with an age-gated campaign may lower it, with a reason. */
const WINE = { templates: { "appointment-reminder": { en: "{{practice.name}}: Wine and cheese night {{appointment.start | datetime}}. Reply STOP to opt out." } } };
const REASON = "Alcohol education campaign registered as age-gated with our carrier (campaign C-77)";

describe("prohibited content in configured templates", () => {
  it("stops the start: SHAFT-C is a lint error", () => {
    expect(() => assertTemplatesPass(parsePracticeConfig(WINE))).toThrow(/templates\.appointment-reminder\.en: \[prohibited-content\]/);
  });

  it("is a warning once the practice lowers that age-gated category with a documented reason", () => {
    const config = parsePracticeConfig({ ...WINE, lint: { prohibitedContent: { severity: "warning", categories: ["alcohol"], reason: REASON } } });
    expect(() => assertTemplatesPass(config)).not.toThrow();
    const report = lintAllTemplates(config).find((r) => r.template === "templates.appointment-reminder.en");
    expect(report?.findings).toEqual([expect.objectContaining({ rule: "prohibited-content", severity: "warning" })]);
  });

  it.each([
    [{ severity: "warning", categories: ["cannabis"], reason: REASON }, /lint\.prohibitedContent\.categories\.0/],
    [{ severity: "warning", categories: ["alcohol"], reason: "because" }, /lint\.prohibitedContent\.reason/],
    [{ severity: "warning", categories: [], reason: REASON }, /lint\.prohibitedContent\.categories/],
    [{ severity: "off", categories: ["alcohol"], reason: REASON }, /lint\.prohibitedContent\.severity/],
  ])("refuses %j naming the field", (prohibitedContent, field) => {
    expect(() => parsePracticeConfig({ lint: { prohibitedContent } })).toThrow(field);
  });
});
