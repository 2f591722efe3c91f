import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/env.js";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { createServices } from "../../src/runtime/create-services.js";
import { tempDir, testEnv, type TempDir } from "../runtime/helpers.js";

/** `locations:` in the practice config: what it accepts, what it refuses, and that a refusal stops the start. */
const MG_A = `MG${"a".repeat(32)}`;
const PHOENIX = { id: "phoenix", fhir: "Location/px-1", name: "Phoenix Clinic", phone: "+16025550100", hours: "Mon-Fri 8am-4pm", timeZone: "America/Phoenix", sender: "+16025550100" };
const DENVER = { id: "denver", fhir: "https://ehr.example/fhir/Location/dn-1", acuityCalendars: [4411, "4412"], name: "Denver Clinic", sender: MG_A };

describe("locations in the practice config", () => {
  it("is empty for a single-site practice: practice: stays the one location", () => {
    const config = parsePracticeConfig({ practice: { name: "Lakeside Pediatrics" } });
    expect(config.locations).toEqual([]);
  });

  it("reads each location's references, name, phone, hours, zone, sender and overrides, normalizing the FHIR reference", () => {
    const config = parsePracticeConfig({ locations: [PHOENIX, { ...DENVER, templates: { "waitlist-booked": { en: "{{practice.name}}: booked at {{location.name}}." } } }] });
    expect(config.locations[0]).toEqual(PHOENIX);
    expect(config.locations[1]).toMatchObject({ fhir: "Location/dn-1", acuityCalendars: ["4411", "4412"], sender: MG_A, templates: { "waitlist-booked": { en: expect.any(String) } } });
    expect(config.locations[1]?.timeZone).toBeUndefined(); // left to the EHR's Location, then the practice
  });

  it("accepts an entry known only by its FHIR Location or its Acuity calendar", () => {
    expect(() => parsePracticeConfig({ locations: [{ fhir: "Location/9", name: "Nine" }, { acuityCalendars: [7], name: "Seven" }] })).not.toThrow();
  });

  it.each([
    ["an unknown time zone", [{ ...PHOENIX, timeZone: "America/Phoenx" }], /locations\.0\.timeZone: is not an IANA time zone; use one like America\/Chicago/],
    ["a duplicate id", [PHOENIX, { ...DENVER, id: "phoenix" }], /locations\.1\.id: the id "phoenix" is already under locations\.0; give each location its own id/],
    ["one sender under two locations", [PHOENIX, { ...DENVER, sender: PHOENIX.sender }], /locations\.1\.sender: the sender \+16025550100 is already under locations\.0; give each location its own sender, or leave sender out/],
    ["one EHR Location under two entries", [PHOENIX, { ...DENVER, fhir: "Location/px-1" }], /locations\.1\.fhir: Location\/px-1 is already under locations\.0; list each EHR Location under one entry/],
    ["one Acuity calendar under two entries", [{ ...PHOENIX, acuityCalendars: [4412] }, DENVER], /locations\.1\.acuityCalendars\.1: Acuity calendar 4412 is already under locations\.0; map each calendar to one location/],
    ["a sender that is neither a Messaging Service nor a number", [{ ...PHOENIX, sender: "602-555-0100" }], /locations\.0\.sender: must be a Twilio Messaging Service SID \(MG followed by 32 hex characters\) or an E\.164 number/],
    ["a phone that is not E.164", [{ ...PHOENIX, phone: "(602) 555-0100" }], /locations\.0\.phone: must be an E\.164 phone number/],
    ["an entry nothing can match", [{ name: "Nowhere" }], /locations\.0: needs an id, a fhir Location reference or acuityCalendars/],
    ["a FHIR reference to something else", [{ ...PHOENIX, fhir: "Practitioner/1" }], /locations\.0\.fhir: must be a FHIR Location reference like "Location\/123"/],
    ["the reserved id of the default location", [{ ...PHOENIX, id: "practice" }], /locations\.0\.id: "practice" is the id of the practice's own default location/],
    ["a misspelt key (timezone), which would otherwise be ignored silently", [{ id: "x", name: "X", timezone: "America/Denver" }], /locations\.0\.timezone: is not a key here; did you mean "timeZone"\?/],
    ["a name left empty", [{ ...PHOENIX, name: "" }], /locations\.0\.name/],
  ])("refuses %s, naming the path and the fix", (_what, locations, message) => {
    expect(() => parsePracticeConfig({ locations })).toThrow(ConfigError);
    expect(() => parsePracticeConfig({ locations })).toThrow(message);
  });
});

describe("a bad locations config stops the start", () => {
  let dir: TempDir | undefined;
  afterEach(() => dir?.cleanup());

  it.each([
    ["an unknown zone", [{ ...PHOENIX, timeZone: "Mars/Olympus_Mons" }], /locations\.0\.timeZone/],
    ["a sender under two locations", [PHOENIX, { ...DENVER, sender: PHOENIX.sender }], /locations\.1\.sender: the sender \+16025550100 is already under locations\.0/],
    ["a location override that fails lint", [{ ...PHOENIX, templates: { "appointment-reminder": { en: "{{practice.name}}: your {{appointment.reason}} visit. Reply STOP to opt out." } } }], /locations\.0\.templates\.appointment-reminder\.en: \[phi-always\]/],
  ])("%s: createServices throws before opening anything", async (_what, locations, message) => {
    dir = tempDir();
    const env = testEnv({ DATA_DIR: dir.dir, MINNOW_CONFIG: dir.writeConfig({ locations }) });
    const start = () => createServices({ env, workflows: () => ({}) });
    await expect(start()).rejects.toThrow(ConfigError);
    await expect(start()).rejects.toThrow(message);
    expect(readdirSync(dir.dir).filter((f) => !f.endsWith(".yaml"))).toEqual([]); // no store, no key, nothing opened
  });
});
