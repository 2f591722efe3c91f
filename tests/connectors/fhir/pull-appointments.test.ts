import type { Bundle, Resource } from "@medplum/fhirtypes";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { pullAppointments } from "../../../connectors/fhir/pull-appointments.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import { appointment, BASE_URL, collect, patient, searchset } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";

const server = useMsw();
const client = () => createFhirClient({ baseUrl: BASE_URL });
const WINDOW = { from: new Date("2030-03-01T00:00:00Z"), to: new Date("2030-03-15T00:00:00Z"), now: new Date("2030-03-01T00:00:00Z") };

/** Serves `pages` of Appointment search; `withIncludes` decides whether Patients ride along. */
function serveAppointmentPages(pages: Array<{ appointments: Resource[]; patients: Resource[] }>, withIncludes: boolean) {
  const queries: URLSearchParams[] = [];
  server.use(http.get(`${BASE_URL}/Appointment`, ({ request }) => {
    const query = new URL(request.url).searchParams;
    queries.push(query);
    const index = Number(query.get("page") ?? "0");
    const page = pages[index];
    if (!page) return HttpResponse.json(searchset([]));
    const next = index + 1 < pages.length ? `${BASE_URL}/Appointment?page=${index + 1}` : undefined;
    return HttpResponse.json(searchset(page.appointments, { included: withIncludes ? page.patients : [], next }));
  }));
  return queries;
}

describe("pullAppointments", () => {
  afterEach(() => setLogSink(null));

  it("searches the window with _include and follows next links page by page", async () => {
    const queries = serveAppointmentPages([
      { appointments: [appointment("a1", "p1"), appointment("a2", "p2")], patients: [patient("p1"), patient("p2", { telecom: [{ system: "sms", value: "312-555-0122" }] })] },
      { appointments: [appointment("a3", "p1")], patients: [patient("p1")] },
    ], true);
    const pages = await collect(pullAppointments(client(), { ...WINDOW, pageSize: 2 }));
    expect(pages.map((p) => p.appointments.map((a) => a.ref))).toEqual([["Appointment/a1", "Appointment/a2"], ["Appointment/a3"]]);
    expect(pages[0]?.appointments[1]?.contact.phone).toBe("+13125550122");
    expect(pages.every((p) => p.patientsFetched === 0)).toBe(true);
    const first = queries[0];
    expect(first?.getAll("date")).toEqual(["ge2030-03-01T00:00:00.000Z", "lt2030-03-15T00:00:00.000Z"]);
    expect(first?.get("_include")).toBe("Appointment:patient");
    expect(first?.get("_count")).toBe("2");
    expect(first?.get("status")).toBe("booked,arrived,checked-in,cancelled,noshow,fulfilled");
    expect(queries[1]?.get("page")).toBe("1");
  });

  it("yields a page before fetching the next one (streams, does not gather)", async () => {
    const queries = serveAppointmentPages([
      { appointments: [appointment("a1", "p1")], patients: [patient("p1")] },
      { appointments: [appointment("a2", "p1")], patients: [patient("p1")] },
    ], true);
    const pages = pullAppointments(client(), WINDOW);
    await pages.next();
    expect(queries).toHaveLength(1);
    await pages.return(undefined);
  });

  it("falls back to one Patient?_id search when the server ignores _include", async () => {
    serveAppointmentPages([{ appointments: [appointment("a1", "p1"), appointment("a2", "p2"), appointment("a3", "p1")], patients: [] }], false);
    const idQueries: string[] = [];
    server.use(http.get(`${BASE_URL}/Patient`, ({ request }) => {
      const ids = new URL(request.url).searchParams.get("_id") ?? "";
      idQueries.push(ids);
      return HttpResponse.json(searchset(ids.split(",").map((id) => patient(id))));
    }));
    const [page] = await collect(pullAppointments(client(), WINDOW));
    expect(page?.appointments.map((a) => a.patientRef)).toEqual(["Patient/p1", "Patient/p2", "Patient/p1"]);
    expect(page?.patientsFetched).toBe(2);
    expect(idQueries).toEqual(["p1,p2"]);
  });

  it("falls back to a batch Bundle of reads when asked, skipping patients the server cannot find", async () => {
    serveAppointmentPages([{ appointments: [appointment("a1", "p1"), appointment("a2", "gone")], patients: [] }], false);
    let batch: Bundle | undefined;
    server.use(http.post(BASE_URL, async ({ request }) => {
      batch = (await request.json()) as Bundle;
      return HttpResponse.json({
        resourceType: "Bundle",
        type: "batch-response",
        entry: [
          { resource: patient("p1"), response: { status: "200" } },
          { response: { status: "404", outcome: { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "not-found" }] } } },
        ],
      });
    }));
    const [page] = await collect(pullAppointments(client(), { ...WINDOW, patientFallback: "batch" }));
    expect(batch?.type).toBe("batch");
    expect(batch?.entry?.map((e) => `${e.request?.method} ${e.request?.url}`)).toEqual(["GET Patient/p1", "GET Patient/gone"]);
    expect(page?.appointments.map((a) => a.ref)).toEqual(["Appointment/a1"]);
    expect(page?.skipped).toEqual([{ ref: "Appointment/a2", reason: "no-patient" }]);
  });

  it("skips malformed appointments with a reason, counts them, logs ids only, and keeps going", async () => {
    const logs: LogRecord[] = [];
    setLogSink((r) => logs.push(r));
    serveAppointmentPages([
      {
        appointments: [
          appointment("ok1", "p1"),
          appointment("nopat", undefined),
          appointment("nostart", "p1", { start: undefined }),
          appointment("nophone", "p3"),
          appointment("badphone", "p4"),
        ],
        patients: [patient("p1"), patient("p3", { telecom: [] }), patient("p4", { telecom: [{ system: "sms", value: "call me maybe" }] })],
      },
      { appointments: [appointment("ok2", "p1")], patients: [patient("p1")] },
    ], true);
    const pages = await collect(pullAppointments(client(), WINDOW));
    expect(pages.flatMap((p) => p.appointments.map((a) => a.ref))).toEqual(["Appointment/ok1", "Appointment/ok2"]);
    expect(pages.flatMap((p) => p.skipped)).toEqual([
      { ref: "Appointment/nopat", reason: "no-patient" },
      { ref: "Appointment/nostart", reason: "no-start" },
      { ref: "Appointment/nophone", reason: "no-phone" },
      { ref: "Appointment/badphone", reason: "invalid-phone" },
    ]);
    const skipLogs = logs.filter((l) => l.event === "fhir.appointment.skipped");
    expect(skipLogs.map((l) => l.fields)).toHaveLength(4);
    for (const line of skipLogs) expect(Object.keys(line.fields).sort()).toEqual(["reason", "ref"]);
    expect(JSON.stringify(logs)).not.toMatch(/call me maybe|Example|555/);
  });

  it("stops with an error when a server repeats the same next link", async () => {
    server.use(http.get(`${BASE_URL}/Appointment`, () => HttpResponse.json(searchset([appointment("a1", "p1")], { included: [patient("p1")], next: `${BASE_URL}/Appointment?page=1` }))));
    await expect(collect(pullAppointments(client(), WINDOW))).rejects.toThrow("same next link twice");
  });

  it("rejects an empty or inverted window before calling the server", async () => {
    await expect(collect(pullAppointments(client(), { from: WINDOW.to, to: WINDOW.from }))).rejects.toThrow("must end after it starts");
  });
});
