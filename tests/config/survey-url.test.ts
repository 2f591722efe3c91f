import { describe, expect, it } from "vitest";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { practiceValues } from "../../src/messaging/templates.js";
import { phiVariable } from "../../src/policy/phi-dictionary.js";
import { renderTemplate } from "../../src/policy/template-render.js";

describe("practice.surveyUrl (the post-visit survey link)", () => {
  it("is optional, and renders as never-PHI {{practice.surveyUrl}} when set", () => {
    expect(parsePracticeConfig({}).practice.surveyUrl).toBeUndefined();
    const config = parsePracticeConfig({ practice: { surveyUrl: "https://survey.sunrise-clinic.example/visit" } });
    expect(phiVariable("practice.surveyUrl")?.class).toBe("never");
    const rendered = renderTemplate({ body: "How was your visit? {{practice.surveyUrl}}" }, { practice: practiceValues(config) }, { phiLevel: "none", locale: "en", timeZone: "America/Chicago", channel: "sms" });
    expect(rendered).toMatchObject({ ok: true, body: "How was your visit? https://survey.sunrise-clinic.example/visit" });
  });

  it.each([
    ["https://bit.ly/3xYzAbc", /public URL shortener/],
    ["http://survey.sunrise-clinic.example/visit", /full https link/],
    ["survey.sunrise-clinic.example", /full https link/],
  ])("refuses %s with the path and the fix", (surveyUrl, message) => {
    expect(() => parsePracticeConfig({ practice: { surveyUrl } })).toThrow(/practice\.surveyUrl/);
    expect(() => parsePracticeConfig({ practice: { surveyUrl } })).toThrow(message);
  });
});
