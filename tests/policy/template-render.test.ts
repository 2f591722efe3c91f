import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knownVariables, renderTemplate, TemplateSyntaxError } from "../../src/policy/index.js";

const values = {
  practice: { name: "Riverside Clinic", phone: "(555) 010-0100" },
  links: { portal: "https://portal.example/login" },
  offer: { holdMinutes: 15 },
  patient: { firstName: "Ana", lastName: "Lopez", dob: "1980-01-02", mrn: "MRN-1" },
  appointment: { start: "2026-03-10T19:30:00Z", reason: "Chest pain" },
  location: { name: "Northgate" },
  diagnosis: "Asthma",
};
const sms = (phiLevel: "none" | "minimal") => ({ phiLevel, timeZone: "America/Chicago", channel: "sms" }) as const;

describe("renderTemplate under minimum necessary", () => {
  it("renders never-PHI variables at phiLevel none and reports them", () => {
    const body = "{{practice.name}}: your visit is confirmed. Hold: {{offer.holdMinutes}} min. {{links.portal}}";
    expect(renderTemplate({ body }, values, sms("none"))).toEqual({
      ok: true,
      body: "Riverside Clinic: your visit is confirmed. Hold: 15 min. https://portal.example/login",
      variables: ["practice.name", "offer.holdMinutes", "links.portal"],
    });
  });

  it.each([
    ["a sometimes field at none needs authorization", "{{patient.firstName}}", "none", { variable: "patient.firstName", phiClass: "sometimes", reason: "needs-authorization" }],
    ["an always field at minimal", "{{patient.dob}}", "minimal", { variable: "patient.dob", phiClass: "always", reason: "phi-always" }],
    ["an always field at none", "{{appointment.reason}}", "none", { variable: "appointment.reason", phiClass: "always", reason: "phi-always" }],
    ["a top-level always field", "{{diagnosis}}", "minimal", { variable: "diagnosis", phiClass: "always", reason: "phi-always" }],
    ["an unknown variable counts as always", "{{patient.ssn}}", "minimal", { variable: "patient.ssn", phiClass: "always", reason: "unknown-variable" }],
    ["a missing value", "{{location.name}} {{practitioner.name}}", "minimal", { variable: "practitioner.name", phiClass: "sometimes", reason: "missing-value" }],
  ] as const)("refuses %s", (_name, body, phiLevel, refusal) => {
    expect(renderTemplate({ body }, values, sms(phiLevel))).toEqual({ ok: false, refused: [refusal] });
  });

  it("renders sometimes fields at minimal", () => {
    const result = renderTemplate({ body: "{{practice.name}}: Hi {{patient.firstName}}, {{appointment.start}} at {{location.name}}" }, values, sms("minimal"));
    expect(result).toEqual({
      ok: true,
      body: "Riverside Clinic: Hi Ana, Tue, Mar 10 at 2:30 PM at Northgate",
      variables: ["practice.name", "patient.firstName", "appointment.start", "location.name"],
    });
  });

  it("lists every refusal, once per variable, and never a partial body", () => {
    const result = renderTemplate({ body: "{{patient.dob}} {{patient.firstName}} {{patient.dob}} {{patient.mrn}}" }, values, sms("none"));
    expect(result).toEqual({
      ok: false,
      refused: [
        { variable: "patient.dob", phiClass: "always", reason: "phi-always" },
        { variable: "patient.firstName", phiClass: "sometimes", reason: "needs-authorization" },
        { variable: "patient.mrn", phiClass: "always", reason: "phi-always" },
      ],
    });
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
    ["only spaces", "   "],
  ])("treats %s as missing, never rendering 'undefined'", (_name, firstName) => {
    const result = renderTemplate({ body: "Hi {{patient.firstName}}" }, { patient: { firstName } }, sms("minimal"));
    expect(result).toEqual({ ok: false, refused: [{ variable: "patient.firstName", phiClass: "sometimes", reason: "missing-value" }] });
  });

  it("reads own properties only: inherited or prototype keys are missing", () => {
    const inherited = Object.create({ practice: { name: "Inherited" } }) as Record<string, unknown>;
    expect(renderTemplate({ body: "{{practice.name}}" }, inherited, sms("none"))).toMatchObject({ ok: false, refused: [{ reason: "missing-value" }] });
    expect(renderTemplate({ body: "{{practice.name}}" }, { practice: "Clinic" }, sms("none"))).toMatchObject({ ok: false, refused: [{ reason: "missing-value" }] });
  });

  it("refuses an object where text belongs", () => {
    expect(renderTemplate({ body: "{{practice.name}}" }, { practice: { name: { first: "x" } } }, sms("none"))).toMatchObject({ ok: false, refused: [{ reason: "invalid-value" }] });
  });

  it("throws a TemplateSyntaxError for a malformed body", () => {
    expect(() => renderTemplate({ body: "Hi {{practice.name" }, values, sms("none"))).toThrow(TemplateSyntaxError);
  });
});

describe("property: an always field's value never reaches an SMS", () => {
  const all = knownVariables();
  const always = all.filter((v) => v.class === "always").map((v) => v.path);
  const others = all.filter((v) => v.class !== "always" && v.kind !== "date" && v.kind !== "time" && v.kind !== "datetime").map((v) => v.path);
  const unknown = ["patient.ssn", "secret", "appointment.notes"];

  function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split(".");
    let node = target;
    keys.slice(0, -1).forEach((key) => {
      const next = node[key];
      if (typeof next !== "object" || next === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    });
    node[keys.at(-1) ?? ""] = value;
  }

  const literal = fc.stringMatching(/^[a-z .,:!?]{0,12}$/);
  const tag = fc.constantFrom(...always, ...others, ...unknown).chain((path) =>
    fc.constantFrom(`{{${path}}}`, `{{ ${path} }}`, `{{${path} | date}}`, `{{${path}|time}}`),
  );
  const template = fc.array(fc.oneof(literal, tag), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(""));
  const canary = fc.stringMatching(/^[A-Z0-9]{6,10}$/).map((s) => `CANARY${s}`);

  it("holds for random templates, values and PHI levels", () => {
    let rendered = 0;
    fc.assert(
      fc.property(template, fc.constantFrom("none", "minimal") as fc.Arbitrary<"none" | "minimal">, canary, fc.stringMatching(/^[a-z]{1,8}$/), (body, phiLevel, secret, plain) => {
        const data: Record<string, unknown> = {};
        for (const path of others) setPath(data, path, plain);
        for (const path of [...always, ...unknown]) setPath(data, path, `${secret}-${path}`);
        const result = renderTemplate({ body }, data, { phiLevel, timeZone: "America/Chicago", channel: "sms" });
        if (!result.ok) return true;
        rendered += 1;
        const usesForbidden = result.variables.some((path) => always.includes(path) || unknown.includes(path));
        return !usesForbidden && !result.body.includes("CANARY");
      }),
      { numRuns: 500 },
    );
    // The property only bites if some templates do render.
    expect(rendered).toBeGreaterThan(20);
  });
});
