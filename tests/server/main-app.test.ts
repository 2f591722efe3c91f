import { afterEach, describe, expect, it } from "vitest";
import { createMainApp } from "../../src/server/main-app.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

let services: TestServices | undefined;
afterEach(async () => {
  await services?.dispose();
  services = undefined;
});

describe("createMainApp", () => {
  it.each([
    ["GET", "/health", 200],
    ["POST", "/webhooks/twilio/inbound", 403], // mounted: refused for want of a signature
    ["POST", "/webhooks/twilio/status", 403],
    ["POST", "/webhooks/fhir/subscription", 403], // mounted: refused, FHIR_SUBSCRIPTION_TOKEN is not set
    ["POST", "/api/consents", 401], // mounted: refused for want of an API key
    ["GET", "/no/such/route", 404],
  ])("%s %s answers %i", async (method, path, status) => {
    services = await openTestServices();
    const app = createMainApp(services);
    const response = await app.request(`http://127.0.0.1:8787${path}`, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: method === "POST" ? "a=b" : undefined });
    expect(response.status).toBe(status);
  });
});
