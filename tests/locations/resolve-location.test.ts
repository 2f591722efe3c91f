import type { Location, Resource } from "@medplum/fhirtypes";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FhirClient } from "../../connectors/fhir/client.js";
import { FhirRequestError } from "../../connectors/fhir/fhir-error.js";
import { mapAcuityAppointment } from "../../connectors/acuity/map-appointment.js";
import { TIMEZONE_EXTENSION_URL } from "../../connectors/fhir/location-time-zone.js";
import { acuityAppointment, REF_KEY } from "../connectors/acuity/helpers/fixtures.js";
import { parsePracticeConfig } from "../../src/config/practice.js";
import { locationAliases, sameLocation } from "../../src/locations/location-directory.js";
import { locationForSender, practiceLocation, resolveLocation, type LocationServices } from "../../src/locations/resolve-location.js";
import { setLogSink, type LogRecord } from "../../src/log.js";

/** appointment → location: zone from the config, then the EHR Location's timezone extension, then the practice. */
const MG_DENVER = `MG${"d".repeat(32)}`;
const LOCATIONS = [
  { id: "phoenix", fhir: "Location/px", name: "Phoenix Clinic", phone: "+16025550100", hours: "Mon-Fri 8am-4pm", timeZone: "America/Phoenix", sender: "+16025550100", templates: { "waitlist-booked": { en: "{{practice.name}}: booked." } } },
  { id: "denver", fhir: "Location/dn", acuityCalendars: [4411], name: "Denver Clinic", phone: "+13035550100", sender: MG_DENVER },
  { id: "tucson", name: "Tucson Clinic" },
];

function withZone(id: string, zone?: string): Location {
  return { resourceType: "Location", id, ...(zone ? { extension: [{ url: TIMEZONE_EXTENSION_URL, valueCode: zone }] } : {}) };
}

/** A FHIR client that serves Locations from a map and counts reads; `fail` makes reads time out. */
function fakeFhir(locations: Location[]) {
  const byId = new Map(locations.map((l) => [l.id ?? "", l]));
  const state = { reads: 0, fail: false };
  const client = {
    baseUrl: "https://ehr.example/fhir",
    async read<T extends Resource>(type: T["resourceType"], id: string): Promise<T> {
      state.reads += 1;
      if (state.fail) throw new FhirRequestError("FHIR read timed out", undefined, []);
      const found = type === "Location" ? byId.get(id) : undefined;
      if (!found) throw new FhirRequestError(`FHIR read ${type}/${id} failed (404)`, 404, []);
      return found as unknown as T;
    },
  } as unknown as FhirClient;
  return { client, state };
}

function services(opts: { locations?: unknown[]; fhir?: FhirClient; now?: Date } = {}): LocationServices & { setNow(d: Date): void } {
  let now = opts.now ?? new Date("2026-03-07T12:00:00Z");
  return {
    config: parsePracticeConfig({ practice: { name: "Sunrise Family Clinic", phone: "+13125550100", timeZone: "America/Chicago", hours: "Mon-Fri 8am-5pm" }, locations: opts.locations ?? LOCATIONS }),
    sources: opts.fhir ? { fhir: opts.fhir } : {},
    clock: { now: () => now },
    setNow: (d) => {
      now = d;
    },
  };
}

let logs: LogRecord[] = [];
beforeEach(() => {
  logs = [];
  setLogSink((r) => logs.push(r));
});
afterEach(() => setLogSink(null));

describe("resolveLocation", () => {
  it("takes a listed location's zone, name, phone, hours, sender and overrides from the config, without asking the EHR", async () => {
    const fhir = fakeFhir([withZone("px", "America/Denver")]);
    const located = await resolveLocation(services({ fhir: fhir.client }), { ref: "Appointment/1", locationRef: "Location/px" });
    expect(located).toEqual({
      id: "phoenix", name: "Phoenix Clinic", phone: "+16025550100", hours: "Mon-Fri 8am-4pm", timeZone: "America/Phoenix", zoneFrom: "config",
      sender: "+16025550100", templates: LOCATIONS[0]?.templates, unlisted: false,
    });
    expect(fhir.state.reads).toBe(0);
  });

  it("reads a listed location's zone from its EHR Location's timezone extension when the config gives none, once an hour", async () => {
    const fhir = fakeFhir([withZone("dn", "America/Denver")]);
    const s = services({ fhir: fhir.client });
    const first = await resolveLocation(s, { ref: "Appointment/1", locationRef: "https://ehr.example/fhir/Location/dn" });
    expect(first).toMatchObject({ id: "denver", timeZone: "America/Denver", zoneFrom: "ehr", sender: MG_DENVER, phone: "+13035550100", hours: "Mon-Fri 8am-5pm" });
    await resolveLocation(s, { ref: "Appointment/2", locationRef: "Location/dn" });
    expect(fhir.state.reads).toBe(1);
    s.setNow(new Date("2026-03-07T13:00:01Z"));
    await resolveLocation(s, { ref: "Appointment/3", locationRef: "Location/dn" });
    expect(fhir.state.reads).toBe(2);
  });

  it.each([
    ["the Location has no timezone extension", [withZone("dn")]],
    ["the extension holds no IANA zone", [withZone("dn", "Mountain Time")]],
    ["the EHR no longer has the Location", []],
  ])("falls back to the practice's zone when %s", async (_why, locations) => {
    const located = await resolveLocation(services({ fhir: fakeFhir(locations).client }), { ref: "Appointment/1", locationRef: "Location/dn" });
    expect(located).toMatchObject({ id: "denver", name: "Denver Clinic", timeZone: "America/Chicago", zoneFrom: "practice", unlisted: false });
  });

  it("uses the practice's zone for a listed location with neither a configured zone nor an EHR Location", async () => {
    const located = await resolveLocation(services({ fhir: fakeFhir([]).client }), { ref: "Appointment/1", locationRef: "tucson" });
    expect(located).toMatchObject({ id: "tucson", name: "Tucson Clinic", phone: "+13125550100", timeZone: "America/Chicago", zoneFrom: "practice", sender: null });
  });

  it("lets a transient EHR failure through, so the calling step tries again later instead of guessing the zone; the failure is not remembered", async () => {
    const fhir = fakeFhir([withZone("dn", "America/Denver")]);
    const s = services({ fhir: fhir.client });
    fhir.state.fail = true;
    await expect(resolveLocation(s, { ref: "Appointment/1", locationRef: "Location/dn" })).rejects.toThrow(FhirRequestError);
    fhir.state.fail = false;
    expect(await resolveLocation(s, { ref: "Appointment/1", locationRef: "Location/dn" })).toMatchObject({ timeZone: "America/Denver", zoneFrom: "ehr" });
    expect(fhir.state.reads).toBe(2);
  });

  it("reads a Location once for a fan-out of reminders resolving it at the same moment", async () => {
    const fhir = fakeFhir([withZone("dn", "America/Denver")]);
    const s = services({ fhir: fhir.client });
    const located = await Promise.all(Array.from({ length: 20 }, (_, i) => resolveLocation(s, { ref: `Appointment/${i}`, locationRef: "Location/dn" })));
    expect(new Set(located.map((l) => l.timeZone))).toEqual(new Set(["America/Denver"]));
    expect(fhir.state.reads).toBe(1);
  });

  it("maps an Acuity calendar to its location, straight from the Acuity appointment", async () => {
    const mapped = mapAcuityAppointment(acuityAppointment({ calendarID: 4411 }), { clientRefKey: REF_KEY });
    if (!mapped.ok) throw new Error(mapped.skipped.reason);
    const located = await resolveLocation(services(), mapped.value);
    expect(located).toMatchObject({ id: "denver", sender: MG_DENVER, unlisted: false });
    const other = mapAcuityAppointment(acuityAppointment({ calendarID: 5000 }), { clientRefKey: REF_KEY });
    if (other.ok) expect(await resolveLocation(services(), other.value)).toMatchObject({ id: "practice", unlisted: true });
  });

  it("gives an appointment at an unlisted place the practice's values and flags it once in the log, by reference", async () => {
    const fhir = fakeFhir([withZone("elsewhere", "America/Los_Angeles")]);
    const s = services({ fhir: fhir.client });
    const first = await resolveLocation(s, { ref: "Appointment/1", locationRef: "Location/elsewhere" });
    await resolveLocation(s, { ref: "Appointment/2", locationRef: "Location/elsewhere" });
    await resolveLocation(s, { ref: "acuity:7", practitionerRef: "acuity-calendar:999" });
    expect(first).toMatchObject({ id: "practice", name: "Sunrise Family Clinic", phone: "+13125550100", hours: "Mon-Fri 8am-5pm", sender: null, unlisted: true });
    // The EHR still knows where the place is, so its times are written in its own zone.
    expect(first).toMatchObject({ timeZone: "America/Los_Angeles", zoneFrom: "ehr" });
    const flags = logs.filter((r) => r.event === "location.unlisted");
    expect(flags.map((r) => [r.level, r.fields.locationRef, r.fields.appointmentRef])).toEqual([
      ["warn", "Location/elsewhere", "Appointment/1"],
      ["warn", "acuity-calendar:999", "acuity:7"],
    ]);
    expect(String(flags[0]?.fields.fix)).toMatch(/add this location under locations:/);
  });

  it("flags nothing for a single-site practice: every appointment is at the practice, in its EHR Location's zone if it has one", async () => {
    const fhir = fakeFhir([withZone("main", "America/New_York")]);
    const located = await resolveLocation(services({ locations: [], fhir: fhir.client }), { ref: "Appointment/1", locationRef: "Location/main" });
    expect(located).toMatchObject({ id: "practice", name: "Sunrise Family Clinic", timeZone: "America/New_York", zoneFrom: "ehr", unlisted: false });
    const none = await resolveLocation(services({ locations: [] }), { ref: "Appointment/2" });
    expect(none).toEqual(practiceLocation(services({ locations: [] }).config));
    expect(logs.filter((r) => r.event === "location.unlisted")).toEqual([]);
  });

  it("warns once when an EHR Location's extension is not an IANA zone", async () => {
    const s = services({ fhir: fakeFhir([withZone("dn", "MST7MDT-ish")]).client });
    await resolveLocation(s, { ref: "Appointment/1", locationRef: "Location/dn" });
    s.setNow(new Date("2026-03-08T12:00:00Z"));
    await resolveLocation(s, { ref: "Appointment/2", locationRef: "Location/dn" });
    expect(logs.filter((r) => r.event === "location.ehr_zone_invalid").map((r) => r.fields.locationRef)).toEqual(["Location/dn"]);
  });
});

describe("a reply's location, by the sender the patient wrote to", () => {
  it.each([
    ["+16025550100", "phoenix", "Phoenix Clinic", "+16025550100"],
    [MG_DENVER, "denver", "Denver Clinic", MG_DENVER],
    ["+13125550100", "practice", "Sunrise Family Clinic", null],
    ["MG00000000000000000000000000000000", "practice", "Sunrise Family Clinic", null],
  ])("%s belongs to %s", (sender, id, name, replyFrom) => {
    expect(locationForSender(services().config, sender)).toMatchObject({ id, name, sender: replyFrom });
  });
});

describe("one place under several names", () => {
  const { config } = services();
  it.each([
    ["phoenix", "Location/px", true],
    ["https://ehr.example/fhir/Location/px", "phoenix", true],
    ["denver", "acuity-calendar:4411", true],
    ["phoenix", "Location/dn", false],
    ["Location/unlisted", "https://ehr.example/fhir/Location/unlisted", true],
    ["Location/unlisted", "Location/other", false],
    ["Location/unlisted", "phoenix", false],
  ])("%s and %s: %s", (a, b, same) => {
    expect(sameLocation(config, a, b)).toBe(same);
  });

  it("lists every name of a listed location for store queries, and the reference itself otherwise", () => {
    expect(locationAliases(config, "Location/dn").sort()).toEqual(["Location/dn", "acuity-calendar:4411", "denver"]);
    expect(locationAliases(config, "Location/zz")).toEqual(["Location/zz"]);
  });
});
