import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { pullExport, type ExportJobMemory } from "../../../connectors/fhir/bulk-export/pull-export.js";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { appointment, BASE_URL, patient } from "./helpers/fixtures.js";
import { useMsw } from "./helpers/msw.js";

/**
 * A sync that stops mid-export (a restart, or an export that outruns its deadline) resumes the job
 * the EHR is still running instead of orphaning it and kicking off another; a job that failed or
 * vanished is forgotten so the next sync starts afresh.
 */
const server = useMsw();
const OLD_JOB = `${BASE_URL}/$export-status/old`;
const NEW_JOB = `${BASE_URL}/$export-status/new`;
const FROM = new Date("2030-03-01T00:00:00Z");
const client = () => createFhirClient({ baseUrl: BASE_URL, auth: { type: "bearer", token: "t" } });
const manifest = {
  transactionTime: "2030-03-04T14:00:00Z",
  requiresAccessToken: true,
  output: [
    { type: "Patient", url: `${BASE_URL}/files/p.ndjson` },
    { type: "Appointment", url: `${BASE_URL}/files/a.ndjson` },
  ],
  error: [],
};
const ndjson = (...resources: object[]) => new HttpResponse(resources.map((r) => JSON.stringify(r)).join("\n"), { headers: { "content-type": "application/fhir+ndjson" } });

function memory(pending?: string): ExportJobMemory & { history: Array<string | null> } {
  const history: Array<string | null> = [];
  const job = {
    history,
    ...(pending ? { pending } : {}),
    async remember(url: string | null) {
      history.push(url);
      job.pending = url ?? undefined;
    },
  } as ExportJobMemory & { history: Array<string | null> };
  return job;
}

function ehr(opts: { oldJob: () => Response; files?: () => Response }) {
  const calls = { kickOffs: 0, deleted: [] as string[] };
  server.use(
    http.get(`${BASE_URL}/$export`, () => (calls.kickOffs++, new HttpResponse(null, { status: 202, headers: { "content-location": NEW_JOB } }))),
    http.get(OLD_JOB, () => opts.oldJob()),
    http.get(NEW_JOB, () => HttpResponse.json(manifest)),
    http.delete(`${BASE_URL}/$export-status/:job`, ({ request }) => (calls.deleted.push(request.url), new HttpResponse(null, { status: 202 }))),
    http.get(`${BASE_URL}/files/p.ndjson`, () => ndjson(patient("p1"))),
    http.get(`${BASE_URL}/files/a.ndjson`, () => (opts.files ? opts.files() : ndjson(appointment("a1", "p1")))),
  );
  return calls;
}

async function pull(job: ExportJobMemory, done: string[] = []) {
  const refs: string[] = [];
  for await (const page of pullExport(client(), { from: FROM, now: FROM, job, poll: { sleep: async () => undefined }, onComplete: async (t) => void done.push(t) })) {
    refs.push(...page.appointments.map((r) => r.ref));
  }
  return refs;
}

describe("an export job in flight across a restart", () => {
  it("resumes the job an earlier sync started: no second kick-off, the job deleted and forgotten once read", async () => {
    const calls = ehr({ oldJob: () => HttpResponse.json(manifest) });
    const job = memory(OLD_JOB);
    const done: string[] = [];
    expect(await pull(job, done)).toEqual(["Appointment/a1"]);
    expect(calls.kickOffs).toBe(0);
    expect(calls.deleted).toEqual([OLD_JOB]);
    expect(job.history).toEqual([null]);
    expect(done).toEqual([manifest.transactionTime]);
  });

  it.each([
    ["expired on the EHR (404)", 404],
    ["failed on the EHR (500)", 500],
  ])("kicks off a new job when the earlier one %s, remembering the new one until it is read", async (_name, status) => {
    const calls = ehr({ oldJob: () => HttpResponse.json({ resourceType: "OperationOutcome", issue: [] }, { status }) });
    const job = memory(OLD_JOB);
    expect(await pull(job)).toEqual(["Appointment/a1"]);
    expect(calls.kickOffs).toBe(1);
    expect(job.history).toEqual([null, NEW_JOB, null]);
    expect(calls.deleted).toEqual([NEW_JOB]);
  });

  it("keeps a job that outran the deadline, so the next sync resumes it rather than starting another", async () => {
    server.use(
      http.get(`${BASE_URL}/$export`, () => new HttpResponse(null, { status: 202, headers: { "content-location": NEW_JOB } })),
      http.get(NEW_JOB, () => new HttpResponse(null, { status: 202, headers: { "retry-after": "3600" } })),
    );
    const job = memory();
    let now = 0;
    const refs = pullExport(client(), { from: FROM, now: FROM, job, poll: { deadlineMs: 60_000, now: () => new Date(now), sleep: async (ms) => void (now += ms) }, onComplete: async () => undefined });
    await expect(refs.next()).rejects.toThrow(/did not finish within 1 minutes/);
    expect(job.pending).toBe(NEW_JOB);
  });

  it("forgets a job whose files expired while minnow read them, and says so", async () => {
    ehr({ oldJob: () => HttpResponse.json(manifest), files: () => new HttpResponse(null, { status: 410 }) });
    const job = memory(OLD_JOB);
    await expect(pull(job)).rejects.toThrow(/An export file is gone \(HTTP 410\)/);
    expect(job.pending).toBeUndefined();
  });

  it("keeps the job after a file read that failed for another reason, to read it again next time", async () => {
    ehr({ oldJob: () => HttpResponse.json(manifest), files: () => new HttpResponse(null, { status: 500 }) });
    const job = memory(OLD_JOB);
    await expect(pull(job)).rejects.toThrow(/could not be read \(HTTP 500\); the next sync reads this export again/);
    expect(job.pending).toBe(OLD_JOB);
  });
});
