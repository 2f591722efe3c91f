import type { Patient } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { mapPatientContact } from "../../connectors/fhir/map-contact.js";
import { commands } from "../../src/cli/commands.js";
import { parsePracticeConfig, parsePracticeConfigYaml } from "../../src/config/practice.js";
import { practiceConfigSchema } from "../../src/config/practice-schema.js";
import { EVENT_TYPE_NAMES } from "../../src/events/event-types.js";
import { buildPractice } from "../../src/sandbox/seed-practice.js";
import { README, codeSpans, codeStrings, fencedBlocks, hasConfigPath, section } from "./readme-names.js";

/** The README is the newcomer's first contact: every name it gives must be one the code has. */
const DOTTED = /^[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)+$/;
const FILE_NAME = /\.(ts|tsx|json|md|ya?ml|hl7|key|cpuprofile|tgz|sqlite|org|com|dev)$/;
/** Names of other systems the README quotes: Trigger.dev's SDK, Acuity's webhook actions, FHIR Subscription fields. */
const OTHER_SYSTEMS = new Set(["schedules.create", "wait.until", "wait.createToken", "wait.forToken", "order.completed", "channel.payload", "channel.header"]);

describe("the README names only what exists", () => {
  const spans = [...new Set(codeSpans(README).map((s) => s.trim()))];
  const strings = codeStrings();

  it("lists every event of the registry, and no other, in its events table", () => {
    const table = section("Events (`GET /api/events`");
    const listed = [...table.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual([...EVENT_TYPE_NAMES]);
  });

  it("every dotted name is a config key, an event of the registry, or an event the code logs", () => {
    const dotted = spans.filter((s) => DOTTED.test(s) && !FILE_NAME.test(s));
    expect(dotted.length).toBeGreaterThan(30);
    const unknown = dotted.filter((name) => {
      if (OTHER_SYSTEMS.has(name)) return false;
      return !hasConfigPath(practiceConfigSchema, name) && !(EVENT_TYPE_NAMES as readonly string[]).includes(name) && !strings.has(name);
    });
    expect(unknown).toEqual([]);
  });

  it("the config keys it names in prose resolve in the schema (a misspelt one would not)", () => {
    for (const key of ["waitlist.maxOffersPerWeek", "hooks.allowTargetNetworks", "reminders.allowCancelByText", "console.idleTimeoutMinutes"]) {
      expect(spans).toContain(key);
      expect(hasConfigPath(practiceConfigSchema, key)).toBe(true);
    }
    expect(hasConfigPath(practiceConfigSchema, "waitlist.maxOfferPerWeek")).toBe(false);
    expect(hasConfigPath(practiceConfigSchema, "hooks.allowTargetNetwork")).toBe(false);
  });

  it("its practice config example is a valid config", () => {
    const [example] = fencedBlocks(section("### Practice config (`MINNOW_CONFIG`)"), "yaml");
    expect(example).toContain("maxOffersPerWeek");
    expect(() => parsePracticeConfig(parsePracticeConfigYaml(example ?? "", "README"), "README")).not.toThrow();
  });

  it("every `npx minnow …` command it gives exists", () => {
    // A command may wrap onto the next line of the README ("npx minnow audit\nverify").
    const named = [...README.matchAll(/npx minnow ([a-z0-9-]+(?:\s+[a-z0-9-]+)?)/g)].map((m) => (m[1] ?? "").replace(/\s+/g, " "));
    expect(named.length).toBeGreaterThan(10);
    const known = commands.map((c) => c.words.join(" "));
    const missing = named.filter((n) => !known.some((k) => n === k || n.startsWith(`${k} `) || k === n.split(" ")[0]));
    expect(missing).toEqual([]);
  });

  it("the patients' numbers in the walkthrough are numbers the sandbox texts", () => {
    const walkthrough = section("## Your first reminder (the sandbox)");
    const patientNumbers = [...walkthrough.matchAll(/\+1\d{3}5550(1\d\d)/g)].filter((m) => m[1] !== "100").map((m) => m[0]);
    expect(patientNumbers.length).toBeGreaterThan(0);
    const now = new Date("2026-12-03T15:00:00Z");
    const textable = new Set(
      buildPractice({ now })
        .filter((r): r is Patient => r.resourceType === "Patient")
        .flatMap((p) => {
          const mapped = mapPatientContact(p, now);
          return mapped.ok ? [mapped.contact.phone] : [];
        }),
    );
    for (const phone of patientNumbers) expect(textable).toContain(phone);
  });

  it("says what a restart keeps and how to stop", () => {
    const walkthrough = section("## Your first reminder (the sandbox)");
    expect(walkthrough).toMatch(/A restart keeps everything/);
    expect(walkthrough).toMatch(/Ctrl\+C/);
    expect(walkthrough).toContain("npx minnow sandbox reset");
  });
});
