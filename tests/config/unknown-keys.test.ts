import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/env.js";
import { loadPracticeConfig, parsePracticeConfig } from "../../src/config/practice.js";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("the practice config refuses unknown keys", () => {
  it.each([
    [{ remindres: { touches: ["48h"] } }, 'remindres: is not a key here; did you mean "reminders"?'],
    [{ reminders: { touchs: ["48h"] } }, 'reminders.touchs: is not a key here; did you mean "touches"?'],
    [{ waitlist: { batch_size: 2 } }, 'waitlist.batch_size: is not a key here; did you mean "batchSize"?'],
    [{ consent: { fromEhr: { scopes: ["appointment"], evidence: "Intake v3", phiLvel: "minimal" } } }, 'consent.fromEhr.phiLvel: is not a key here; did you mean "phiLevel"?'],
    [{ baa: { twilio: { signd: true } } }, 'baa.twilio.signd: is not a key here; did you mean "signed"?'],
    [{ Practice: { name: "Lakeside" } }, 'Practice: is not a key here; did you mean "practice"?'],
  ])("%j", (config, line) => {
    expect(() => parsePracticeConfig(config)).toThrow(ConfigError);
    expect(() => parsePracticeConfig(config)).toThrow(line);
  });

  it("lists the keys it knows when nothing is close", () => {
    expect(() => parsePracticeConfig({ caps: { perMonth: 9 } })).toThrow('caps.perMonth: is not a key here (the keys here are "perDay", "perWeek")');
  });

  it("reports an unknown key together with a bad value, each with its path", () => {
    expect(() => parsePracticeConfig({ sync: { intervalMinutes: 0, horizon: 3 } })).toThrow(/sync\.intervalMinutes: [\s\S]*sync\.horizon: is not a key here; did you mean "horizonDays"\?|sync\.horizon: [\s\S]*sync\.intervalMinutes: /);
  });

  it("names the YAML file and the typo", () => {
    const path = join(mkdtempSync(join(tmpdir(), "minnow-cfg-")), "practice.yaml");
    writeFileSync(path, "remindres:\n  touches: [\"48h\"]\n");
    expect(() => loadPracticeConfig(path)).toThrow(`${path} is invalid:\n  remindres: is not a key here; did you mean "reminders"?`);
  });

  it("still accepts free-form names where the schema takes any (template purposes, BAA parties)", () => {
    const cfg = parsePracticeConfig({ baa: { "my-crm": { signed: false } }, templates: { "payment-reminder": { en: "{{practice.name}}: a balance is due. Reply STOP to opt out." } } });
    expect(cfg.baa["my-crm"]?.signed).toBe(false);
  });
});

describe("unknown-key checking follows the schema, whatever keys it holds", () => {
  it("catches a typo in a key added to the schema later, with no list to update", async () => {
    const { unknownKeyIssues } = await import("../../src/config/unknown-keys.js");
    const schema = z.object({
      newFeature: z.object({ enabled: z.boolean().default(true), limits: z.array(z.object({ perMinute: z.number() })).default([]) }).prefault({}),
      either: z.union([z.object({ kind: z.literal("a"), alpha: z.number() }), z.object({ kind: z.literal("b"), beta: z.number() })]).optional(),
      loose: z.looseObject({ anything: z.string().optional() }).optional(),
    });
    expect(unknownKeyIssues(schema, { newFeature: { enabeld: false, limits: [{ perMinute: 1, perMinut: 2 }] }, either: { kind: "b", betta: 1 }, loose: { extra: 1 } })).toEqual([
      { path: ["newFeature", "enabeld"], message: 'is not a key here; did you mean "enabled"?' },
      { path: ["newFeature", "limits", 0, "perMinut"], message: 'is not a key here; did you mean "perMinute"?' },
      { path: ["either", "betta"], message: 'is not a key here; did you mean "beta"?' },
    ]);
  });
});
