import { addDays, addHours } from "date-fns";
import type { Appointment, Bundle, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxEhr, type SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { setLogLevel } from "../../src/log.js";

/** Writes over real HTTP: versions, If-Match, create, history, and search seeing every write. */
const NOW = new Date("2030-06-03T13:00:00Z");
const WINDOW = `date=ge${NOW.toISOString()}&date=lt${addDays(NOW, 14).toISOString()}`;
let ehr: SandboxEhr;

beforeAll(async () => {
  setLogLevel("silent");
  ehr = await startSandboxEhr({ port: 0, seed: 5, now: NOW });
});
afterAll(async () => {
  await ehr?.close();
  setLogLevel("info");
});

async function call<T extends Resource = Resource>(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await fetch(`${ehr.baseUrl}${path}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

function send(method: "PUT" | "POST", path: string, resource: unknown, ifMatch?: string) {
  const headers: Record<string, string> = { "content-type": "application/fhir+json" };
  if (ifMatch !== undefined) headers["if-match"] = ifMatch;
  return call(path, { method, headers, body: typeof resource === "string" ? resource : JSON.stringify(resource) });
}

async function windowIds(): Promise<{ total: number; ids: string[] }> {
  const { body } = await call<Bundle>(`/Appointment?${WINDOW}&_count=1000`);
  return { total: body.total ?? -1, ids: (body.entry ?? []).map((e) => e.resource?.id ?? "") };
}

describe("sandbox EHR: writes", () => {
  it("a stale If-Match gets 412, a fresh one succeeds and bumps the version", async () => {
    const { body: before } = await call<Appointment>("/Appointment/appt-00010");
    const changed = { ...before, participant: before.participant.map((p, i) => (i === 0 ? { ...p, status: "accepted" as const } : p)) };
    const stale = await send("PUT", "/Appointment/appt-00010", changed, 'W/"999"');
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe("OperationOutcome");
    const fresh = await send("PUT", "/Appointment/appt-00010", changed, `W/"${before.meta?.versionId ?? ""}"`);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).toBe('W/"2"');
    expect((fresh.body as Appointment).participant[0]?.status).toBe("accepted");
    // The version the first writer read is now stale too: the booking race a 412 must catch.
    expect((await send("PUT", "/Appointment/appt-00010", changed, 'W/"1"')).status).toBe(412);
  });

  it.each([["a bare version number", "2"], ["an empty tag", 'W/""'], ["garbage", "*x"]])(
    "refuses If-Match with %s (400), rather than updating unconditionally",
    async (_case, ifMatch) => {
      const { body: before } = await call<Appointment>("/Appointment/appt-00011");
      const response = await send("PUT", "/Appointment/appt-00011", { ...before, status: "cancelled" }, ifMatch);
      expect(response.status).toBe(400);
      expect((await call<Appointment>("/Appointment/appt-00011")).body.status).toBe("booked");
    },
  );

  it("history lists every version newest first, on every read", async () => {
    const { body: v1 } = await call<Appointment>("/Appointment/appt-00012");
    await send("PUT", "/Appointment/appt-00012", { ...v1, comment: "second" }, 'W/"1"');
    await send("PUT", "/Appointment/appt-00012", { ...v1, comment: "third" }, 'W/"2"');
    for (let read = 0; read < 2; read++) {
      const { body } = await call<Bundle<Appointment>>("/Appointment/appt-00012/_history");
      expect(body.entry?.map((e) => e.resource?.meta?.versionId)).toEqual(["3", "2", "1"]);
    }
  });

  it("a created appointment appears in the next search of the same window", async () => {
    const before = await windowIds();
    const start = addHours(NOW, 30);
    const created = await send("POST", "/Appointment", {
      resourceType: "Appointment",
      id: "client-chosen-id",
      status: "booked",
      start: start.toISOString(),
      end: addHours(start, 1).toISOString(),
      participant: [{ actor: { reference: "Patient/pat-0002" }, status: "needs-action" }],
    });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe("client-chosen-id");
    expect(created.headers.get("location")).toBe(`${ehr.baseUrl}/Appointment/${created.body.id ?? ""}/_history/1`);
    const after = await windowIds();
    expect(after.total).toBe(before.total + 1);
    expect(after.ids).toContain(created.body.id);
  });

  it("an appointment moved out of the window leaves the next search", async () => {
    const before = await windowIds();
    const id = before.ids[3] ?? "";
    const { body: appointment } = await call<Appointment>(`/Appointment/${id}`);
    const later = addDays(NOW, 40);
    await send("PUT", `/Appointment/${id}`, { ...appointment, start: later.toISOString(), end: addHours(later, 1).toISOString() });
    const after = await windowIds();
    expect(after.total).toBe(before.total - 1);
    expect(after.ids).not.toContain(id);
  });

  it.each([
    ["a body that is not JSON", "PUT", "/Appointment/appt-00013", "{not json"],
    ["a body of the wrong type", "PUT", "/Appointment/appt-00013", { resourceType: "Patient", id: "appt-00013" }],
    ["an id that differs from the URL", "PUT", "/Appointment/appt-00013", { resourceType: "Appointment", id: "appt-00014", status: "booked", participant: [] }],
    ["a JSON string body", "POST", "/Appointment", '"hello"'],
  ] as const)("refuses %s with 400 and an OperationOutcome", async (_case, method, path, body) => {
    const response = await send(method, path, body);
    expect(response.status).toBe(400);
    expect((response.body as OperationOutcome).resourceType).toBe("OperationOutcome");
  });
});
