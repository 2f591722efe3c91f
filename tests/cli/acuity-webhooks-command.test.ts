import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runAcuityWebhooksCommand } from "../../src/cli/acuity-webhooks-command.js";
import { loadEnv } from "../../src/config/env.js";
import { BASE_URL, testClient } from "../connectors/acuity/helpers/fixtures.js";
import { useMsw } from "../connectors/fhir/helpers/msw.js";

/** `minnow acuity webhooks …` against a fake Acuity that keeps its subscriptions. */
const server = useMsw();
const env = loadEnv({ LOG_LEVEL: "silent", PUBLIC_URL: "https://minnow.example.test", ACUITY_USER_ID: "1", ACUITY_API_KEY: "k" });
const OURS = "https://minnow.example.test/webhooks/acuity";
let hooks: Array<{ id: number; event: string; target: string; status: string }>;
let out: string[];

beforeEach(() => {
  hooks = [{ id: 7, event: "appointment.scheduled", target: "https://zapier.example/hook", status: "active" }];
  out = [];
  vi.spyOn(process.stdout, "write").mockImplementation((t) => out.push(String(t)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((t) => out.push(String(t)) > 0);
  server.use(
    http.get(`${BASE_URL}/webhooks`, () => HttpResponse.json(hooks)),
    http.post(`${BASE_URL}/webhooks`, async ({ request }) => {
      const body = (await request.json()) as { event: string; target: string };
      const hook = { id: 100 + hooks.length, ...body, status: "active" };
      hooks.push(hook);
      return HttpResponse.json(hook);
    }),
    http.delete(`${BASE_URL}/webhooks/:id`, ({ params }) => {
      const before = hooks.length;
      hooks = hooks.filter((h) => String(h.id) !== params.id);
      return before === hooks.length ? HttpResponse.json({ status_code: 404, error: "not_found" }, { status: 404 }) : new HttpResponse(null, { status: 204 });
    }),
  );
});
afterEach(() => vi.restoreAllMocks());

const run = (...args: string[]) => runAcuityWebhooksCommand(args, { env, client: testClient() });

describe("minnow acuity webhooks", () => {
  it("subscribes the four appointment events to PUBLIC_URL/webhooks/acuity, once however often it runs", async () => {
    expect(await run("subscribe")).toBe(0);
    expect(await run("subscribe")).toBe(0);
    expect(hooks.filter((h) => h.target === OURS).map((h) => h.event).sort()).toEqual(["appointment.canceled", "appointment.changed", "appointment.rescheduled", "appointment.scheduled"]);
    expect(out.join("")).toContain("appointment.changed: already delivered to");
  });

  it("lists every webhook and marks this server's", async () => {
    await run("subscribe");
    out.length = 0;
    await run("list");
    const text = out.join("");
    expect(text).toMatch(/7 +appointment\.scheduled .*zapier\.example\/hook\n/);
    expect(text.match(/\(this server\)/g)).toHaveLength(4);
  });

  it("unsubscribes only this server's webhooks, or the one id given", async () => {
    await run("subscribe");
    expect(await run("unsubscribe")).toBe(0);
    expect(hooks.map((h) => h.id)).toEqual([7]);
    expect(await run("unsubscribe", "7")).toBe(0);
    expect(hooks).toEqual([]);
    out.length = 0;
    await run("unsubscribe", "7");
    expect(out.join("")).toContain("7: already gone");
  });

  it("refuses without PUBLIC_URL or credentials, and on an unknown verb, naming the fix", async () => {
    expect(await runAcuityWebhooksCommand(["subscribe"], { env: loadEnv({ LOG_LEVEL: "silent", ACUITY_USER_ID: "1", ACUITY_API_KEY: "k" }), client: testClient() })).toBe(1);
    expect(out.join("")).toContain("PUBLIC_URL is not set");
    expect(await runAcuityWebhooksCommand(["list"], { env: loadEnv({ LOG_LEVEL: "silent", PUBLIC_URL: "https://x.example" }) })).toBe(1);
    expect(out.join("")).toContain("Set ACUITY_USER_ID and ACUITY_API_KEY");
    expect(await run("purge")).toBe(2);
    expect(out.join("")).toContain("usage: minnow acuity webhooks");
  });
});
