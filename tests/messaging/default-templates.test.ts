import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, TEMPLATE_IDS, TEMPLATE_PURPOSE, type TemplateVariant } from "../../src/messaging/default-templates.js";
import { lintTemplate } from "../../src/policy/lint-template.js";

const cases = TEMPLATE_IDS.flatMap((id) =>
  (["en", "es"] as const).flatMap((language) => {
    const set: Partial<Record<TemplateVariant, string>> = DEFAULT_TEMPLATES[id][language];
    return (Object.entries(set) as Array<[TemplateVariant, string]>).map(([variant, body]) => ({ id, language, variant, body }));
  }),
);

describe("built-in templates", () => {
  it("cover every template in English and Spanish, each with a no-detail variant", () => {
    for (const id of TEMPLATE_IDS) for (const language of ["en", "es"] as const) expect(DEFAULT_TEMPLATES[id][language]).toHaveProperty("none");
  });

  it.each(cases)("$id.$language.$variant passes lint at its PHI level", ({ id, variant, body }) => {
    const purpose = TEMPLATE_PURPOSE[id];
    const result = lintTemplate({ body, purpose, firstMessage: purpose !== "reply" }, { phiLevel: variant === "minimal" ? "minimal" : "none" });
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(cases)("$id.$language.$variant never asks for a CANCEL reply", ({ body }) => {
    expect(body).not.toMatch(/reply\s+cancel|responda\s+cancel/i);
  });
});

describe("configured templates", () => {
  it("pass when they follow the rules", async () => {
    const { parsePracticeConfig } = await import("../../src/config/practice.js");
    const { assertTemplatesPass } = await import("../../src/messaging/template-lint.js");
    const config = parsePracticeConfig({ templates: { "appointment-reminder": { en: "{{practice.name}}: See you {{appointment.start | datetime}}. Reply STOP to opt out." } } });
    expect(() => assertTemplatesPass(config)).not.toThrow();
  });

  it.each([
    [{ "appointment-confirm-request": { en: "{{practice.name}}: Reply CANCEL to cancel your visit. Reply STOP to opt out." } }, /opt-out-keyword-conflict/],
    [{ "appointment-reminder": { en: "{{practice.name}}: your {{appointment.serviceType}} visit. Reply STOP to opt out." } }, /phi-always/],
    [{ "appointment-reminder": { fr: "{{practice.name}}: bonjour" } }, /No locale "fr"/],
    [{ "no-such-template": { en: "hi" } }, /Unknown template/],
  ])("refuse to start when a configured template breaks a rule: %j", async (templates, message) => {
    const { parsePracticeConfig } = await import("../../src/config/practice.js");
    const { assertTemplatesPass } = await import("../../src/messaging/template-lint.js");
    expect(() => assertTemplatesPass(parsePracticeConfig({ templates }))).toThrow(message);
  });
});
