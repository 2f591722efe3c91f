import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { chooseSearchStrategy } from "../../../connectors/fhir/choose-strategy.js";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { pullSchedule } from "../../../connectors/fhir/pull-schedule.js";
import { SERVER_PROFILES } from "../../../connectors/fhir/server-profile.js";
import { parsePracticeConfig } from "../../../src/config/practice.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { appointment, BASE_URL, collect, outcome, patient, searchset } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";

const server = useMsw();
const client = () => createFhirClient({ baseUrl: BASE_URL });
const WINDOW = { from: new Date("2030-03-01T00:00:00Z"), to: new Date("2030-03-15T00:00:00Z"), now: new Date("2030-03-01T00:00:00Z") };
const generic = SERVER_PROFILES.generic;

function serveMetadata(body: unknown, status = 200) {
  server.use(http.get(`${BASE_URL}/metadata`, () => HttpResponse.json(body as object, { status })));
}

function appointmentResource(searchParams: string[]) {
  return { resourceType: "CapabilityStatement", status: "active", kind: "instance", fhirVersion: "4.0.1", format: ["json"], rest: [{ mode: "server", resource: [{ type: "Appointment", searchParam: searchParams.map((name) => ({ name, type: "token" })) }] }] };
}

describe("choosing a search strategy", () => {
  it("takes fhir.search from the config first", async () => {
    const chosen = await chooseSearchStrategy(client(), { configured: { by: "practitioner", ids: ["Practitioner/pr1"] }, profile: generic, locationRefs: ["Location/a"] });
    expect(chosen).toMatchObject({ search: { by: "practitioner", ids: ["Practitioner/pr1"] }, from: "config" });
  });

  it("refuses a practice-wide config under the oracle profile, naming the fix", async () => {
    await expect(chooseSearchStrategy(client(), { configured: { by: "practice", ids: [] }, profile: SERVER_PROFILES.oracle, locationRefs: [] })).rejects.toThrow(
      /oracle profile does not allow a practice-wide.*fhir\.search: \{ by: location/,
    );
  });

  it("searches practice-wide where allowed, keeping the configured locations (all with FHIR ids) as the fallback", async () => {
    serveMetadata(appointmentResource(["date", "status"]));
    const chosen = await chooseSearchStrategy(client(), { profile: generic, locationRefs: ["Location/a", "Location/b"] });
    expect(chosen).toMatchObject({ search: { by: "practice" }, from: "capability", fallback: { by: "location", ids: ["Location/a", "Location/b"] } });
  });

  it("uses the configured locations when the server rules out practice-wide search (Oracle Health, or no date)", async () => {
    serveMetadata({ ...appointmentResource(["date", "location"]), software: { name: "Oracle Health Millennium" } });
    const chosen = await chooseSearchStrategy(client(), { profile: generic, locationRefs: ["Location/a"] });
    expect(chosen).toMatchObject({ search: { by: "location", ids: ["Location/a"] }, from: "locations", profile: { name: "oracle" } });
    serveMetadata(appointmentResource(["location", "patient"]));
    expect(await chooseSearchStrategy(client(), { profile: generic, locationRefs: ["Location/a"] })).toMatchObject({ search: { by: "location" }, from: "locations" });
  });

  it("asks the CapabilityStatement when a location has no FHIR id, and goes practice-wide when it lists date", async () => {
    serveMetadata(appointmentResource(["date", "status", "patient"]));
    const chosen = await chooseSearchStrategy(client(), { profile: generic, locationRefs: ["Location/a", undefined] });
    expect(chosen).toMatchObject({ search: { by: "practice" }, from: "capability", profile: { name: "generic" } });
  });

  it("goes practice-wide when the server has no CapabilityStatement", async () => {
    serveMetadata(outcome("not-found", "no metadata"), 404);
    expect((await chooseSearchStrategy(client(), { profile: generic, locationRefs: [] })).search.by).toBe("practice");
  });

  it("fails naming the fix when the CapabilityStatement lists Appointment search without date", async () => {
    serveMetadata(appointmentResource(["patient", "_id"]));
    await expect(chooseSearchStrategy(client(), { profile: generic, locationRefs: [] })).rejects.toThrow(/lists no date search.*fhir\.search/);
  });

  it("recognizes Oracle Health (Cerner Millennium) from the statement's software and applies its rules", async () => {
    serveMetadata({ ...appointmentResource(["date", "patient", "location"]), software: { name: "Cerner Millennium" } });
    await expect(chooseSearchStrategy(client(), { profile: generic, locationRefs: [] })).rejects.toThrow(/profile oracle.*fhir\.search: \{ by: location/);
  });
});

describe("pulling the schedule under a strategy", () => {
  function serveByScope(byScope: Record<string, ReturnType<typeof appointment>[]>) {
    const queries: URLSearchParams[] = [];
    server.use(http.get(`${BASE_URL}/Appointment`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      const key = ["location", "practitioner", "patient"].map((p) => query.get(p)).find(Boolean) ?? "all";
      const matches = byScope[key] ?? [];
      const patients = [...new Set(matches.map((a) => a.participant[0]?.actor?.reference?.split("/")[1] ?? ""))].map((id) => patient(id));
      return HttpResponse.json(searchset(matches, { included: patients }));
    }));
    return queries;
  }

  it("runs one search per practitioner and yields an appointment seen under both only once", async () => {
    const shared = appointment("shared", "p1");
    const queries = serveByScope({ "Practitioner/pr1": [appointment("a1", "p1"), shared], "Practitioner/pr2": [shared, appointment("a2", "p2")] });
    const pages = await collect(pullSchedule(client(), { search: { by: "practitioner", ids: ["Practitioner/pr1", "Practitioner/pr2"] }, from: "config", profile: generic }, WINDOW));
    expect(pages.flatMap((p) => p.appointments.map((a) => a.ref))).toEqual(["Appointment/a1", "Appointment/shared", "Appointment/a2"]);
    expect(queries.map((q) => q.get("practitioner"))).toEqual(["Practitioner/pr1", "Practitioner/pr2"]);
    expect(queries[0]?.getAll("date")).toEqual(["ge2030-03-01T00:00:00.000Z", "lt2030-03-15T00:00:00.000Z"]);
    expect(queries[0]?.get("_include")).toBe("Appointment:patient");
  });

  it("reads a Group's patient members and searches per patient, leaving inactive members out", async () => {
    server.use(http.get(`${BASE_URL}/Group/clinic`, () => HttpResponse.json({ resourceType: "Group", id: "clinic", type: "person", actual: true, member: [
      { entity: { reference: "Patient/p1" } }, { entity: { reference: "Patient/p2" }, inactive: true }, { entity: { reference: "Patient/p3" } }, { entity: { reference: "Practitioner/x" } },
    ] })));
    const queries = serveByScope({ "Patient/p1": [appointment("a1", "p1")], "Patient/p3": [appointment("a3", "p3")] });
    const pages = await collect(pullSchedule(client(), { search: { by: "group", ids: ["Group/clinic"] }, from: "config", profile: generic }, WINDOW));
    expect(pages.flatMap((p) => p.appointments.map((a) => a.ref))).toEqual(["Appointment/a1", "Appointment/a3"]);
    expect(queries.map((q) => q.get("patient"))).toEqual(["Patient/p1", "Patient/p3"]);
  });

  it("sends only the scope, date and _count under the oracle profile, reading patients without _include", async () => {
    const queries = serveByScope({ "Location/l1": [appointment("a1", "p1")] });
    server.use(http.get(`${BASE_URL}/Patient`, () => HttpResponse.json(searchset([patient("p1")]))));
    const pages = await collect(pullSchedule(client(), { search: { by: "location", ids: ["Location/l1"] }, from: "config", profile: SERVER_PROFILES.oracle }, WINDOW));
    expect(pages[0]?.appointments.map((a) => a.ref)).toEqual(["Appointment/a1"]);
    expect([...new Set([...(queries[0]?.keys() ?? [])])].sort()).toEqual(["_count", "date", "location"]);
  });

  it("turns a 422 refusal of a scoped search into an error that names the strategy to check", async () => {
    server.use(http.get(`${BASE_URL}/Appointment`, () => HttpResponse.json(outcome("not-supported", "location search is not supported"), { status: 422 })));
    const pull = pullSchedule(client(), { search: { by: "location", ids: ["Location/l1"] }, from: "locations", profile: generic }, WINDOW);
    await expect(collect(pull)).rejects.toThrow(/refused the location Location\/l1 Appointment search \(strategy by: location, from locations\).*HTTP 422.*not-supported.*check the ids under fhir\.search/);
  });

  it("falls back to the locations when the server refuses the practice-wide search, without yielding anything twice", async () => {
    const queries = serveByScope({ "Location/l1": [appointment("a1", "p1")], "Location/l2": [appointment("a1", "p1"), appointment("a2", "p2")] });
    server.use(http.get(`${BASE_URL}/Appointment`, ({ request }) => {
      const q = new URL(request.url).searchParams;
      if (!q.get("location")) return HttpResponse.json(outcome("invalid", "a scope is required"), { status: 400 });
      return undefined;
    }));
    const chosen = { search: { by: "practice" as const, ids: [] }, from: "capability" as const, profile: generic, fallback: { by: "location" as const, ids: ["Location/l1", "Location/l2"] } };
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    const pages = await collect(pullSchedule(client(), chosen, WINDOW)).finally(() => setLogSink(null));
    expect(pages.flatMap((p) => p.appointments.map((a) => a.ref))).toEqual(["Appointment/a1", "Appointment/a2"]);
    expect(queries.map((q) => q.get("location"))).toEqual(["Location/l1", "Location/l2"]);
    expect(logs.find((l) => l.event === "fhir.search.fallback")?.fields).toEqual({ from: "practice", to: "location", ids: 2 });
  });

  it("leaves other failures (a 500) as they are", async () => {
    server.use(http.get(`${BASE_URL}/Appointment`, () => HttpResponse.json(outcome("exception", "boom"), { status: 500 })));
    const pull = pullSchedule(createFhirClient({ baseUrl: BASE_URL }, { retry: { maxRetries: 0 } }), { search: { by: "practice", ids: [] }, from: "capability", profile: generic }, WINDOW);
    await expect(collect(pull)).rejects.toMatchObject({ name: "FhirRequestError", status: 500 });
  });
});

describe("fhir.search in the practice config", () => {
  const parse = (search: unknown) => parsePracticeConfig({ fhir: { search } });

  it("takes bare ids and references, in the relative form", () => {
    expect(parse({ by: "location", ids: ["123", "https://ehr.example/fhir/Location/456"] }).fhir.search).toEqual({ by: "location", ids: ["Location/123", "Location/456"] });
    expect(parse({ by: "practice" }).fhir.search).toEqual({ by: "practice", ids: [] });
  });

  it("refuses a scoped strategy without ids, ids of the wrong type, two Groups, and ids for practice-wide", () => {
    expect(() => parse({ by: "location" })).toThrow(/fhir\.search\.ids: by: location needs ids/);
    expect(() => parse({ by: "patient", ids: ["Location/1"] })).toThrow(/fhir\.search\.ids\.0: must be a Patient reference/);
    expect(() => parse({ by: "group", ids: ["a", "b"] })).toThrow(/by: group takes one Group/);
    expect(() => parse({ by: "practice", ids: ["x"] })).toThrow(/practice-wide search takes no ids/);
    expect(() => parse({ by: "ward" })).toThrow(/fhir\.search\.by/);
    expect(() => parsePracticeConfig({ fhir: { profile: "epic" } })).toThrow(/fhir\.profile/);
  });
});
