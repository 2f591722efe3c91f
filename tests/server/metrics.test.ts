import { afterEach, describe, expect, it } from "vitest";
import { safeLabel } from "../../src/metrics/registry.js";
import { createMainApp } from "../../src/server/main-app.js";
import { createApiKey } from "../../src/store/api-keys.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

const METRICS_TOKEN = "metrics-scraper-token-0123456789";
let services: TestServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

async function scrape(headers: Record<string, string>): Promise<Response> {
  services ??= await openTestServices({ env: { METRICS_TOKEN } });
  return createMainApp(services).request("http://127.0.0.1:8787/metrics", { headers });
}

describe("GET /metrics access", () => {
  it.each([
    ["no credentials", {}],
    ["a wrong bearer token", { authorization: "Bearer not-the-metrics-token-at-all" }],
    ["the metrics token in X-API-Key, where only API keys go", { "x-api-key": METRICS_TOKEN }],
  ])("refuses %s with 401", async (_name, headers) => {
    const response = await scrape(headers);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("minnow_");
  });

  it("serves the Prometheus text format to METRICS_TOKEN, to MINNOW_API_KEY, and to a stored read-only key", async () => {
    services = await openTestServices({ env: { METRICS_TOKEN } });
    const { key } = await createApiKey(services.store, "read", "prometheus");
    const credentials: Array<Record<string, string>> = [{ authorization: `Bearer ${METRICS_TOKEN}` }, { "x-api-key": "test-master-key-0123456789abcdef" }, { authorization: `Bearer ${key}` }];
    for (const headers of credentials) {
      const response = await scrape(headers);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      const text = await response.text();
      for (const name of ["minnow_messages_total", "minnow_replies_total", "minnow_engine_runs", "minnow_engine_queue_depth", "minnow_engine_timer_lag_seconds", "minnow_hook_deliveries_total", "minnow_external_request_duration_seconds", "minnow_external_request_errors_total", "minnow_process_cpu_user_seconds_total", "minnow_nodejs_eventloop_lag_seconds"]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
    }
  });
});

describe("safeLabel", () => {
  it.each([
    ["quiet-hours", "quiet-hours"],
    ["read:Appointment", "read:Appointment"],
    [503, "503"],
    ["POST:Messages", "POST:Messages"],
    [undefined, "none"],
    ["+13125550177", "other"],
    ["3125550177", "other"],
    ["Appointment/12345678901", "other"],
    ["Jane Doe", "other"],
    ["is this about my hemorrhoids?", "other"],
    ["x".repeat(65), "other"],
    ["", "other"],
  ])("%j → %j", (value, label) => {
    expect(safeLabel(value)).toBe(label);
  });
});
