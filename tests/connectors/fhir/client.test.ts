import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { FhirRequestError } from "../../../connectors/fhir/fhir-error.js";
import { BASE_URL, outcome, patient } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";

const server = useMsw();

function clientWithSleeps(extra: Parameters<typeof createFhirClient>[1] = {}) {
  const sleeps: number[] = [];
  const client = createFhirClient({ baseUrl: BASE_URL }, { retry: { sleep: async (ms) => void sleeps.push(ms), now: () => new Date("2030-03-01T12:00:00Z") }, ...extra });
  return { client, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<FhirRequestError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FhirRequestError);
  return err as FhirRequestError;
}

describe("FHIR client", () => {
  it("waits for Retry-After on 429, then succeeds", async () => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/Patient/p1`, () => (++calls === 1 ? HttpResponse.json(outcome("throttled", "slow down"), { status: 429, headers: { "Retry-After": "7" } }) : HttpResponse.json(patient("p1")))));
    const { client, sleeps } = clientWithSleeps();
    const read = await client.read("Patient", "p1");
    expect(read.id).toBe("p1");
    expect(sleeps).toEqual([7000]);
    expect(calls).toBe(2);
  });

  it("reads Retry-After given as an HTTP date on 503", async () => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/Patient/p1`, () => (++calls === 1 ? new HttpResponse(null, { status: 503, headers: { "Retry-After": "Fri, 01 Mar 2030 12:00:30 GMT" } }) : HttpResponse.json(patient("p1")))));
    const { client, sleeps } = clientWithSleeps();
    await client.read("Patient", "p1");
    expect(sleeps).toEqual([30_000]);
  });

  it("backs off exponentially without Retry-After and gives up after the retry budget", async () => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/Patient/p1`, () => {
      calls += 1;
      return new HttpResponse(null, { status: 503 });
    }));
    const { client, sleeps } = clientWithSleeps();
    const err = await failure(client.read("Patient", "p1"));
    expect(err.status).toBe(503);
    expect(err.message).toContain("gave up after 3 retries");
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(calls).toBe(4);
  });

  it("refuses to wait longer than the limit", async () => {
    server.use(http.get(`${BASE_URL}/Patient/p1`, () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "86400" } })));
    const { client, sleeps } = clientWithSleeps();
    const err = await failure(client.read("Patient", "p1"));
    expect(err.message).toContain("server asked to wait 86400 s");
    expect(sleeps).toEqual([]);
  });

  it("does not retry a 412", async () => {
    let calls = 0;
    server.use(http.put(`${BASE_URL}/Appointment/a1`, () => {
      calls += 1;
      return HttpResponse.json(outcome("conflict", "Version mismatch"), { status: 412 });
    }));
    const { client, sleeps } = clientWithSleeps();
    const err = await failure(client.update({ resourceType: "Appointment", id: "a1", status: "booked", participant: [] }, { ifMatchVersion: "3" }));
    expect(err.status).toBe(412);
    expect(err.code).toBe(412);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("puts each OperationOutcome issue's severity and type in the message, never its text or the resource", async () => {
    server.use(http.post(`${BASE_URL}/Communication`, () => HttpResponse.json({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid", diagnostics: "Communication.status is required" }, { severity: "warning", code: "informational", details: { text: "profile not checked" } }] }, { status: 422 })));
    const { client } = clientWithSleeps();
    const err = await failure(client.create({ resourceType: "Communication", status: "completed", note: [{ text: "Testy Example has diabetes" }] }));
    expect(err.message).toBe("FHIR create Communication failed with HTTP 422 — server says: error/invalid; warning/informational");
    expect(err.issues).toHaveLength(2);
    expect(err.message).not.toContain("Testy");
    expect(err.cause).toBeDefined();
  });

  it("does not quote a non-OperationOutcome error body (it may be a resource with PHI)", async () => {
    server.use(http.post(`${BASE_URL}/Patient`, () => HttpResponse.json(patient("p1"), { status: 500 })));
    const { client } = clientWithSleeps();
    const err = await failure(client.create(patient("p1")));
    expect(err.message).toBe("FHIR create Patient failed with HTTP 500");
  });

  it.each([500, 502, 504])("reads again after a %i, backing off, and returns the answer", async (status) => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/Patient/p1`, () => (++calls <= 2 ? HttpResponse.json(outcome("transient", "busy"), { status }) : HttpResponse.json(patient("p1")))));
    const { client, sleeps } = clientWithSleeps();
    expect((await client.read("Patient", "p1")).id).toBe("p1");
    expect(sleeps).toEqual([1000, 2000]);
    expect(calls).toBe(3);
  });

  it("retries searches and next pages on a 500, not only reads", async () => {
    let searches = 0;
    server.use(http.get(`${BASE_URL}/Appointment`, () => (++searches === 1 ? new HttpResponse(null, { status: 500 }) : HttpResponse.json({ resourceType: "Bundle", type: "searchset", entry: [] }))));
    const { client, sleeps } = clientWithSleeps();
    expect((await client.search("Appointment", { status: "booked" })).resourceType).toBe("Bundle");
    expect(searches).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  it("never repeats a write after a 500: the server may have acted", async () => {
    let calls = 0;
    server.use(http.post(`${BASE_URL}/Communication`, () => {
      calls += 1;
      return new HttpResponse(null, { status: 500 });
    }));
    const { client, sleeps } = clientWithSleeps();
    const err = await failure(client.create({ resourceType: "Communication", status: "completed" }));
    expect(err.status).toBe(500);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("times out a read that never answers, tries it again, then gives up", async () => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/Patient/p1`, async () => {
      calls += 1;
      await delay("infinite");
      return HttpResponse.json(patient("p1"));
    }));
    const sleeps: number[] = [];
    const client = createFhirClient({ baseUrl: BASE_URL, timeoutMs: 50 }, { retry: { sleep: async (ms) => void sleeps.push(ms) } });
    const err = await failure(client.read("Patient", "p1"));
    expect(err.code).toBe("timeout");
    expect(err.message).toContain("timed out after 50 ms (gave up after 3 retries)");
    expect(calls).toBe(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it("reads again after a hang and returns the answer", async () => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/Patient/p1`, async () => {
      if (++calls === 1) await delay("infinite");
      return HttpResponse.json(patient("p1"));
    }));
    const client = createFhirClient({ baseUrl: BASE_URL, timeoutMs: 50 }, { retry: { sleep: async () => undefined } });
    expect((await client.read("Patient", "p1")).id).toBe("p1");
    expect(calls).toBe(2);
  });

  it("sends a static bearer token and If-Match / If-None-Exist headers", async () => {
    const seen: Array<Record<string, string | null>> = [];
    server.use(
      http.put(`${BASE_URL}/Appointment/a1`, async ({ request }) => {
        seen.push({ auth: request.headers.get("authorization"), ifMatch: request.headers.get("if-match") });
        return HttpResponse.json({ ...(await request.json() as object), meta: { versionId: "4" } });
      }),
      http.post(`${BASE_URL}/Communication`, ({ request }) => {
        seen.push({ auth: request.headers.get("authorization"), ifNoneExist: request.headers.get("if-none-exist") });
        return HttpResponse.json({ resourceType: "Communication", id: "c1", status: "completed" }, { status: 201 });
      }),
    );
    const client = createFhirClient({ baseUrl: BASE_URL, auth: { type: "bearer", token: "tok-123" } });
    await client.update({ resourceType: "Appointment", id: "a1", status: "booked", participant: [] }, { ifMatchVersion: "3" });
    await client.create({ resourceType: "Communication", status: "completed" }, { ifNoneExist: "identifier=x|1" });
    expect(seen).toEqual([
      { auth: "Bearer tok-123", ifMatch: 'W/"3"' },
      { auth: "Bearer tok-123", ifNoneExist: "identifier=x|1" },
    ]);
  });

  it("rejects a connection without a usable base URL", () => {
    expect(() => createFhirClient({ baseUrl: "not a url" })).toThrow();
  });
});
