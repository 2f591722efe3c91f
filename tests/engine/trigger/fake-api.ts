import type { WaitpointTokenResult } from "@trigger.dev/core/v3";
import { parsePacket } from "@trigger.dev/core/v3";
import { http, HttpResponse, type HttpHandler } from "msw";
import { z } from "zod";

/**
 * The slice of the Trigger.dev HTTP API the adapter uses, faked over in-memory state. Bodies
 * are parsed strictly, so a change in what the pinned SDK sends fails the suite here.
 */

export interface FakeRun {
  id: string;
  seq: number;
  taskId: string;
  payload: unknown;
  idempotencyKey?: string;
  notBefore: number;
  status: "queued" | "executing" | "waiting" | "completed" | "failed";
  attempts: number;
  failures: number;
  output?: unknown;
  error?: string;
}

export interface FakeWaitpoint {
  id: string;
  kind: "duration" | "token";
  idempotencyKey?: string;
  dueAt?: number;
  timeoutAt?: number;
  result?: WaitpointTokenResult;
  completeCalls: number;
}

/** An imperative schedule, as `schedules.create` attaches it. */
export interface FakeSchedule {
  id: string;
  task: string;
  cron: string;
  timezone: string;
  deduplicationKey: string;
}

export interface FakeRequest {
  endpoint: "trigger" | "createToken" | "completeToken" | "waitToken" | "waitDuration" | "createSchedule" | "overrideLimit";
  params: Record<string, string>;
  body: unknown;
}

export interface FakeState {
  now(): number;
  runs: Map<string, FakeRun>;
  waitpoints: Map<string, FakeWaitpoint>;
  /** By deduplication key: creating with the same key again updates the schedule. */
  schedules: Map<string, FakeSchedule>;
  /** Concurrency limits' totals as overridden through the API. */
  limitOverrides: Map<string, number>;
  requests: FakeRequest[];
  nextSeq(): number;
  /** Runs after a request is recorded and before it is answered: lets a test interleave work. */
  beforeResponse?: (request: FakeRequest) => Promise<void>;
}

const triggerBody = z.object({
  payload: z.string().optional(),
  options: z.object({ payloadType: z.string().optional(), idempotencyKey: z.string().optional(), delay: z.string().optional() }).passthrough(),
});
const createTokenBody = z.object({ idempotencyKey: z.string().optional(), timeout: z.string().optional() }).strict();
const completeBody = z.object({ data: z.unknown() }).strict();
const durationBody = z.object({ date: z.string(), idempotencyKey: z.string().optional() }).passthrough();
const scheduleBody = z.object({ task: z.string(), cron: z.string(), deduplicationKey: z.string(), timezone: z.string().optional(), externalId: z.string().optional() }).strict();
const overrideBody = z.object({ total: z.number().int().min(0) }).strict();

const isoMs = (text: string, what: string): number => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`the fake platform only understands ISO instants for ${what}, got "${text}"`);
  return ms;
};

function byKey<T extends { idempotencyKey?: string }>(items: Iterable<T>, key: string | undefined, also: (t: T) => boolean = () => true): T | undefined {
  if (!key) return undefined;
  for (const item of items) if (item.idempotencyKey === key && also(item)) return item;
  return undefined;
}

export function fakeApiHandlers(base: string, state: FakeState): HttpHandler[] {
  const record = async (endpoint: FakeRequest["endpoint"], params: Record<string, string>, body: unknown): Promise<void> => {
    const request: FakeRequest = { endpoint, params, body };
    state.requests.push(request);
    await state.beforeResponse?.(request);
  };
  const guarded =
    (fn: (args: { request: Request; params: Record<string, string> }) => Promise<Response>) =>
    async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      try {
        return await fn({ request, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
      } catch (err) {
        // A 4xx, not a 5xx: the SDK retries 5xx with real backoff, which would stall the suite.
        return HttpResponse.json({ error: err instanceof Error ? err.message : String(err) }, { status: 422 });
      }
    };
  const newWaitpoint = (wp: Omit<FakeWaitpoint, "id" | "completeCalls">): FakeWaitpoint => {
    const created: FakeWaitpoint = { ...wp, id: `waitpoint_${state.nextSeq()}`, completeCalls: 0 };
    state.waitpoints.set(created.id, created);
    return created;
  };

  return [
    http.post(`${base}/api/v1/tasks/:taskId/trigger`, guarded(async ({ request, params }) => {
      const body = triggerBody.parse(await request.json());
      await record("trigger", params, body);
      const taskId = params.taskId ?? "";
      const existing = byKey(state.runs.values(), body.options.idempotencyKey, (r) => r.taskId === taskId);
      if (existing) return HttpResponse.json({ id: existing.id, isCached: true }, { headers: { "x-trigger-jwt": "fake" } });
      const payload = await parsePacket({ data: body.payload, dataType: body.options.payloadType ?? "application/json" });
      const seq = state.nextSeq();
      const run: FakeRun = {
        id: `run_${seq}`,
        seq,
        taskId,
        payload,
        idempotencyKey: body.options.idempotencyKey,
        notBefore: body.options.delay ? isoMs(body.options.delay, "delay") : state.now(),
        status: "queued",
        attempts: 0,
        failures: 0,
      };
      state.runs.set(run.id, run);
      return HttpResponse.json({ id: run.id, isCached: false }, { headers: { "x-trigger-jwt": "fake" } });
    })),

    http.post(`${base}/api/v1/waitpoints/tokens`, guarded(async ({ request, params }) => {
      const body = createTokenBody.parse(await request.json());
      await record("createToken", params, body);
      const existing = byKey(state.waitpoints.values(), body.idempotencyKey, (w) => w.kind === "token");
      const token = existing ?? newWaitpoint({ kind: "token", idempotencyKey: body.idempotencyKey, timeoutAt: body.timeout ? isoMs(body.timeout, "timeout") : undefined });
      return HttpResponse.json({ id: token.id, isCached: existing !== undefined, url: `${base}/callback/${token.id}` }, { headers: { "x-trigger-jwt": "fake" } });
    })),

    http.post(`${base}/api/v1/waitpoints/tokens/:wp/complete`, guarded(async ({ request, params }) => {
      const body = completeBody.parse(await request.json());
      await record("completeToken", params, body);
      const token = state.waitpoints.get(params.wp ?? "");
      if (!token || token.kind !== "token") return HttpResponse.json({ error: "waitpoint not found" }, { status: 404 });
      token.completeCalls++;
      token.result ??= { ok: true, output: JSON.stringify(body.data ?? null), outputType: "application/json" };
      return HttpResponse.json({ success: true });
    })),

    http.post(`${base}/engine/v1/runs/:runId/waitpoints/tokens/:wp/wait`, guarded(async ({ params }) => {
      await record("waitToken", params, undefined);
      if (!state.waitpoints.has(params.wp ?? "")) return HttpResponse.json({ error: "waitpoint not found" }, { status: 404 });
      return HttpResponse.json({ success: true });
    })),

    http.post(`${base}/api/v1/schedules`, guarded(async ({ request, params }) => {
      const body = scheduleBody.parse(await request.json());
      await record("createSchedule", params, body);
      const existing = state.schedules.get(body.deduplicationKey);
      const schedule: FakeSchedule = { id: existing?.id ?? `sched_${state.nextSeq()}`, task: body.task, cron: body.cron, timezone: body.timezone ?? "UTC", deduplicationKey: body.deduplicationKey };
      state.schedules.set(body.deduplicationKey, schedule);
      const generator = { type: "CRON", expression: schedule.cron, description: "" };
      return HttpResponse.json({ ...schedule, type: "IMPERATIVE", active: true, externalId: null, generator, nextRun: null, environments: [] });
    })),

    http.get(`${base}/api/v1/schedules`, guarded(async () => {
      const data = [...state.schedules.values()].map((s) => ({ ...s, type: "IMPERATIVE", active: true, externalId: null, generator: { type: "CRON", expression: s.cron, description: "" }, nextRun: null, environments: [] }));
      return HttpResponse.json({ data, pagination: { currentPage: 1, totalPages: 1, count: data.length } });
    })),

    http.post(`${base}/api/v1/concurrency-limits/:name/override`, guarded(async ({ request, params }) => {
      const body = overrideBody.parse(await request.json());
      await record("overrideLimit", params, body);
      const name = params.name ?? "";
      state.limitOverrides.set(name, body.total);
      const bound = (value: number | null) => ({ current: value, base: null, override: value, overriddenAt: value === null ? null : new Date(state.now()).toISOString() });
      return HttpResponse.json({ id: `climit_${name}`, name, perKey: bound(null), total: bound(body.total), running: 0, queued: 0, paused: false });
    })),

    http.post(`${base}/engine/v1/runs/:runId/wait/duration`, guarded(async ({ request, params }) => {
      const body = durationBody.parse(await request.json());
      await record("waitDuration", params, body);
      const dueAt = isoMs(body.date, "date");
      const existing = byKey(state.waitpoints.values(), body.idempotencyKey, (w) => w.kind === "duration");
      const waitpoint = existing ?? newWaitpoint({ kind: "duration", idempotencyKey: body.idempotencyKey, dueAt });
      return HttpResponse.json({ waitUntil: new Date(waitpoint.dueAt ?? dueAt).toISOString(), waitpoint: { id: waitpoint.id } });
    })),
  ];
}
