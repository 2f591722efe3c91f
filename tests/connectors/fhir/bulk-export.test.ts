import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { awaitManifest } from "../../../connectors/fhir/bulk-export/export-status.js";
import { exportUrl, kickOffExport } from "../../../connectors/fhir/bulk-export/kick-off.js";
import { ndjsonLines, ndjsonRecords } from "../../../connectors/fhir/bulk-export/ndjson-lines.js";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { parsePracticeConfig } from "../../../src/config/practice.js";
import { BASE_URL } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";

const server = useMsw();
const STATUS_URL = `${BASE_URL}/$export-status/job-1`;
const client = () => createFhirClient({ baseUrl: BASE_URL, auth: { type: "bearer", token: "t" } });
const outcome = (code: string) => ({ resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: "Patient Jane Doe is not exportable" }] });

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === "string" ? new TextEncoder().encode(part) : part;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("the $export kick-off", () => {
  it("asks for Appointment and Patient, with _since when given, system-level or for a Group", () => {
    expect(exportUrl(BASE_URL, { types: ["Appointment", "Patient"] })).toBe(`${BASE_URL}/$export?_type=Appointment%2CPatient`);
    expect(exportUrl(`${BASE_URL}/`, { group: "Group/g 1", types: ["Appointment"], since: "2030-01-01T00:00:00Z" })).toBe(`${BASE_URL}/Group/g%201/$export?_type=Appointment&_since=2030-01-01T00%3A00%3A00Z`);
  });

  it("sends Prefer: respond-async and the credentials, and returns the absolute status URL", async () => {
    let seen: Headers | undefined;
    server.use(http.get(`${BASE_URL}/$export`, ({ request }) => ((seen = request.headers), new HttpResponse(null, { status: 202, headers: { "content-location": "$export-status/job-1" } }))));
    expect(await kickOffExport(client(), { types: ["Appointment"] })).toBe(STATUS_URL);
    expect(seen?.get("prefer")).toBe("respond-async");
    expect(seen?.get("authorization")).toBe("Bearer t");
  });

  it("waits out a 429 as its Retry-After asks, then goes on", async () => {
    const waits: number[] = [];
    let calls = 0;
    server.use(http.get(`${BASE_URL}/$export`, () => (++calls === 1 ? new HttpResponse(null, { status: 429, headers: { "retry-after": "4" } }) : new HttpResponse(null, { status: 202, headers: { "content-location": STATUS_URL } }))));
    expect(await kickOffExport(client(), { types: ["Appointment"] }, { sleep: async (ms) => void waits.push(ms) })).toBe(STATUS_URL);
    expect(waits).toEqual([4000]);
  });

  it.each<[string, number, unknown, RegExp]>([
    ["a server without $export", 404, outcome("not-found"), /does not offer a system-level \$export \(HTTP 404, server says: not-found\); use a search strategy instead, e\.g\. fhir\.search: \{ by: location/],
    ["a server that says not-supported", 400, outcome("not-supported"), /does not offer a system-level \$export \(HTTP 400/],
    ["refused credentials", 401, outcome("login"), /refused minnow's credentials for a system-level \$export \(HTTP 401, server says: login\); check FHIR_AUTH=smart/],
    ["a forbidden client", 403, undefined, /refused minnow's credentials .*HTTP 403\)/],
    ["another refusal", 422, outcome("invalid"), /The EHR refused a system-level \$export \(HTTP 422, server says: invalid\)/],
  ])("names the fix for %s, without quoting the server's words", async (_name, status, body, message) => {
    server.use(http.get(`${BASE_URL}/$export`, () => HttpResponse.json(body ?? {}, { status })));
    const error = (await kickOffExport(client(), { types: ["Appointment"] }).then(() => undefined, (err: unknown) => err)) as Error;
    expect(error).toMatchObject({ name: "BulkExportError" });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("Jane");
  });

  it("refuses a 202 with no status URL", async () => {
    server.use(http.get(`${BASE_URL}/$export`, () => new HttpResponse(null, { status: 202 })));
    await expect(kickOffExport(client(), { types: ["Appointment"] })).rejects.toThrow(/gave no status URL/);
  });
});

describe("polling the export's status", () => {
  const manifest = { transactionTime: "2030-03-04T14:00:00Z", request: "x", requiresAccessToken: true, output: [{ type: "Appointment", url: `${BASE_URL}/f/1.ndjson`, count: 3 }], error: [] };

  it("honours Retry-After on 202, 429 and 503, backs off when none is given, then reads the manifest", async () => {
    const answers = [
      () => new HttpResponse(null, { status: 202, headers: { "retry-after": "7", "x-progress": "10%" } }),
      () => new HttpResponse(null, { status: 429, headers: { "retry-after": "3" } }),
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 202 }),
      () => HttpResponse.json(manifest),
    ];
    server.use(http.get(STATUS_URL, () => (answers.shift() ?? (() => new HttpResponse(null, { status: 500 })))()));
    const waits: number[] = [];
    const read = await awaitManifest(client(), STATUS_URL, { baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(read).toMatchObject({ transactionTime: "2030-03-04T14:00:00Z", output: [{ type: "Appointment" }] });
    expect(waits).toEqual([7000, 3000, 400, 800]);
  });

  it("caps a single wait, and gives up at the deadline with a clear message", async () => {
    server.use(http.get(STATUS_URL, () => new HttpResponse(null, { status: 202, headers: { "retry-after": "3600" } })));
    let now = 0;
    const waits: number[] = [];
    const policy = { maxWaitMs: 60_000, deadlineMs: 150_000, now: () => new Date(now), sleep: async (ms: number) => void (waits.push(ms), (now += ms)) };
    await expect(awaitManifest(client(), STATUS_URL, policy)).rejects.toThrow(/did not finish within 3 minutes; the next sync asks again/);
    expect(waits).toEqual([60_000, 60_000]);
  });

  it.each<[number, RegExp]>([
    [404, /export job is gone \(HTTP 404, server says: not-found\).*the next sync starts a new export/],
    [410, /export job is gone \(HTTP 410/],
    [401, /refused minnow's credentials while it checked on an export/],
    [500, /The EHR's export failed \(HTTP 500, server says: exception\)/],
  ])("turns HTTP %i into an error that says what happened and what to do", async (status, message) => {
    server.use(http.get(STATUS_URL, () => HttpResponse.json(outcome(status === 500 ? "exception" : "not-found"), { status })));
    await expect(awaitManifest(client(), STATUS_URL, { sleep: async () => undefined })).rejects.toThrow(message);
  });

  it("refuses a manifest without a transactionTime", async () => {
    server.use(http.get(STATUS_URL, () => HttpResponse.json({ output: [] })));
    await expect(awaitManifest(client(), STATUS_URL)).rejects.toThrow(/manifest is not one minnow can read/);
  });
});

describe("NDJSON, line by line", () => {
  it("joins lines split across chunks, including a character split across two", async () => {
    const euro = new TextEncoder().encode('{"a":"€"}\n');
    const parts = ['{"n":1}\n{"n"', ":2}\r\n\n", euro.slice(0, 7), euro.slice(7), '{"n":3}'];
    expect(await collect(ndjsonLines(chunks(...parts)))).toEqual(['{"n":1}', '{"n":2}', '{"a":"€"}', '{"n":3}']);
  });

  it("stops at a line longer than the limit instead of buffering it", async () => {
    await expect(collect(ndjsonLines(chunks("x".repeat(40), "y".repeat(40)), 64))).rejects.toThrow(/longer than 64 characters/);
  });

  it("counts lines that are not JSON by number and goes on", async () => {
    const bad: number[] = [];
    expect(await collect(ndjsonRecords(chunks('{"n":1}\nnot json\n{"n":3}\n'), (n) => bad.push(n)))).toEqual([{ n: 1 }, { n: 3 }]);
    expect(bad).toEqual([2]);
  });
});

describe("fhir.search: { by: export } in the practice config", () => {
  const parse = (search: unknown) => parsePracticeConfig({ fhir: { search } }).fhir.search;

  it("takes a system-level export, or one Group by reference or bare id", () => {
    expect(parse({ by: "export" })).toEqual({ by: "export" });
    expect(parse({ by: "export", group: "clinic" })).toEqual({ by: "export", group: "Group/clinic" });
    expect(parse({ by: "export", group: "https://ehr.example/fhir/Group/7" })).toEqual({ by: "export", group: "Group/7" });
  });

  it("refuses a group of another type and keys that belong to other strategies", () => {
    expect(() => parse({ by: "export", group: "Patient/1" })).toThrow(/fhir\.search\.group: must be a Group reference/);
    expect(() => parse({ by: "export", ids: ["Group/1"] })).toThrow(/fhir\.search\.ids: is not a key here \(the keys here are "by", "group"\)/);
  });
});
