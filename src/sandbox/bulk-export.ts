import { randomUUID } from "node:crypto";
import type { Group, Resource } from "@medplum/fhirtypes";
import type { Context, Hono } from "hono";
import type { SandboxRepository } from "./fhir-repository.js";

/**
 * A minimal Bulk Data `$export` (hl7.org/fhir/uv/bulkdata) on the sandbox EHR: system-level and
 * Group kick-off with `_type` and `_since`, a status URL that answers 202 with `Retry-After` for a
 * few polls and then the manifest, NDJSON files streamed from the repository, and DELETE of a job.
 * Files are built as they are read: a 50,000-appointment export never sits in one string.
 */
export interface SandboxExportOptions {
  /** 202 answers before the manifest is ready (default 1). */
  pollsBeforeReady?: number;
  retryAfterSeconds?: number;
  resourcesPerFile?: number;
  /** Whether the files need the bearer token (true when the sandbox checks tokens). */
  requiresAccessToken?: boolean;
}

interface ExportJob {
  types: string[];
  since: number | undefined;
  members: Set<string> | undefined;
  transactionTime: string;
  request: string;
  pollsLeft: number;
}

const EXPORTABLE = ["Patient", "Appointment", "Practitioner", "Location", "Invoice"] as const;
const LINES_PER_CHUNK = 500;

function outcome(c: Context, status: 400 | 404, code: string, text: string): Response {
  return c.json({ resourceType: "OperationOutcome", issue: [{ severity: "error", code, diagnostics: text }] }, status);
}

function patientOf(resource: Resource): string | undefined {
  if (resource.resourceType === "Patient") return `Patient/${resource.id ?? ""}`;
  if (resource.resourceType !== "Appointment") return undefined;
  return resource.participant?.map((p) => p.actor?.reference).find((r) => r?.startsWith("Patient/"));
}

function* matching(repo: SandboxRepository, job: ExportJob, type: string): Generator<Resource> {
  for (const resource of repo.stored(type)) {
    const updated = Date.parse(resource.meta?.lastUpdated ?? "");
    if (job.since !== undefined && !(updated > job.since)) continue;
    if (job.members) {
      const patient = patientOf(resource);
      if (!patient || !job.members.has(patient)) continue;
    }
    yield resource;
  }
}

function fileStream(resources: Iterator<Resource>, take: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let left = take;
  return new ReadableStream({
    pull(controller) {
      let text = "";
      for (let i = 0; i < LINES_PER_CHUNK && left > 0; i += 1, left -= 1) {
        const next = resources.next();
        if (next.done) {
          left = 0;
          break;
        }
        text += `${JSON.stringify(next.value)}\n`;
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (left <= 0) controller.close();
    },
  });
}

export interface SandboxExports {
  /** Drops every job, as a server does when exports expire. */
  expireAll(): void;
}

export function mountBulkExport(app: Hono, basePath: string, repo: SandboxRepository, clock: () => Date, options: SandboxExportOptions = {}): SandboxExports {
  const jobs = new Map<string, ExportJob>();
  const perFile = options.resourcesPerFile ?? 10_000;
  const baseOf = (c: Context) => `${new URL(c.req.url).origin}${basePath}`;

  async function kickOff(c: Context, groupId: string | undefined): Promise<Response> {
    if (!/respond-async/.test(c.req.header("prefer") ?? "")) return outcome(c, 400, "invalid", "$export needs the header Prefer: respond-async");
    const types = (c.req.query("_type") ?? EXPORTABLE.join(",")).split(",").map((t) => t.trim()).filter(Boolean);
    const unknown = types.filter((t) => !(EXPORTABLE as readonly string[]).includes(t));
    if (unknown.length) return outcome(c, 400, "not-supported", `The sandbox does not export ${unknown.join(", ")}`);
    const sinceText = c.req.query("_since");
    const since = sinceText === undefined ? undefined : Date.parse(sinceText);
    if (since !== undefined && Number.isNaN(since)) return outcome(c, 400, "invalid", "_since must be a FHIR instant");
    let members: Set<string> | undefined;
    if (groupId) {
      const group = [...repo.stored("Group")].find((g) => g.id === groupId) as Group | undefined;
      if (!group) return outcome(c, 404, "not-found", `No Group/${groupId}`);
      members = new Set((group.member ?? []).filter((m) => !m.inactive).flatMap((m) => m.entity?.reference ?? []));
    }
    const id = randomUUID();
    jobs.set(id, { types, since, members, transactionTime: clock().toISOString(), request: c.req.url, pollsLeft: options.pollsBeforeReady ?? 1 });
    return c.body(null, 202, { "content-location": `${baseOf(c)}/$export-status/${id}` });
  }

  app.get(`${basePath}/$export`, (c) => kickOff(c, undefined));
  app.get(`${basePath}/Group/:id/$export`, (c) => kickOff(c, c.req.param("id")));

  app.get(`${basePath}/$export-status/:job`, (c) => {
    const job = jobs.get(c.req.param("job"));
    if (!job) return outcome(c, 404, "not-found", "No such export job: it expired or was deleted");
    if (job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      return c.body(null, 202, { "retry-after": String(options.retryAfterSeconds ?? 1), "x-progress": "in progress" });
    }
    const output = job.types.flatMap((type) => {
      let count = 0;
      for (const _ of matching(repo, job, type)) count += 1;
      return Array.from({ length: Math.ceil(count / perFile) }, (_, n) => ({ type, url: `${baseOf(c)}/$export-file/${c.req.param("job")}/${type}/${n}`, count: Math.min(perFile, count - n * perFile) }));
    });
    return c.json({ transactionTime: job.transactionTime, request: job.request, requiresAccessToken: options.requiresAccessToken ?? false, output, error: [] });
  });

  app.delete(`${basePath}/$export-status/:job`, (c) => {
    if (!jobs.delete(c.req.param("job"))) return outcome(c, 404, "not-found", "No such export job");
    return c.body(null, 202);
  });

  app.get(`${basePath}/$export-file/:job/:type/:n`, (c) => {
    const job = jobs.get(c.req.param("job"));
    const n = Number(c.req.param("n"));
    if (!job || !job.types.includes(c.req.param("type")) || !Number.isInteger(n) || n < 0) return outcome(c, 404, "not-found", "No such export file: the job expired or was deleted");
    const resources = matching(repo, job, c.req.param("type"));
    for (let skip = n * perFile; skip > 0 && !resources.next().done; skip -= 1);
    return c.body(fileStream(resources, perFile), 200, { "content-type": "application/fhir+ndjson" });
  });

  return { expireAll: () => jobs.clear() };
}
