import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAcuityClient } from "../../connectors/acuity/client.js";
import { createFhirClient } from "../../connectors/fhir/client.js";
import { sendSms } from "../../connectors/twilio/actions/send-sms.js";
import { createTwilioClient } from "../../connectors/twilio/client.js";
import { twilioOperation } from "../../connectors/twilio/measured-client.js";
import { setLogLevel } from "../../src/log.js";
import { metricsRegistry } from "../../src/metrics/registry.js";
import { BASE_URL, outcome, patient } from "./fhir/helpers/fixtures.js";
import { useMsw } from "./fhir/helpers/msw.js";
import { ACCOUNT_SID, AUTH_TOKEN, FROM, MESSAGES_URL, TO, twilioMessage } from "./twilio/helpers.js";

const server = useMsw();
beforeAll(() => setLogLevel("silent"));
afterAll(() => setLogLevel("info"));

/** The value of one series of a metric (a histogram's count), 0 when the series does not exist. */
async function series(metric: string, labels: Record<string, string>): Promise<number> {
  const values = (await metricsRegistry.getSingleMetric(metric)?.get())?.values ?? [];
  const found = values.find((v) => {
    const name = (v as { metricName?: string }).metricName;
    return (name === undefined || name === `${metric}_count`) && Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want);
  });
  return found?.value ?? 0;
}

describe("EHR and Twilio call metrics", () => {
  it("counts FHIR calls by operation (never an id) and status, and errors by status", async () => {
    server.use(
      http.get(`${BASE_URL}/Patient/p1`, () => HttpResponse.json(patient("p1"))),
      http.get(`${BASE_URL}/Patient/gone-1`, () => HttpResponse.json(outcome("not-found", "no such patient"), { status: 404 })),
    );
    const client = createFhirClient({ baseUrl: BASE_URL });
    await client.read("Patient", "p1");
    await expect(client.read("Patient", "gone-1")).rejects.toThrow();
    expect(await series("minnow_external_request_duration_seconds", { system: "fhir", operation: "read:Patient", status: "2xx" })).toBe(1);
    expect(await series("minnow_external_request_errors_total", { system: "fhir", operation: "read:Patient", status: "404" })).toBe(1);
    expect(await series("minnow_external_request_errors_total", { system: "fhir", operation: "read:Patient", status: "2xx" })).toBe(0);
  });

  it("counts Twilio sends by status, a refused number as a 400 error", async () => {
    let refuse = false;
    server.use(http.post(MESSAGES_URL, async ({ request }) => {
      const form = Object.fromEntries(new URLSearchParams(await request.text()));
      return refuse ? HttpResponse.json({ code: 21211, message: "Invalid 'To' Phone Number", status: 400 }, { status: 400 }) : HttpResponse.json(twilioMessage(form), { status: 201 });
    }));
    const client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    expect((await sendSms(client, { to: TO, body: "hello", from: FROM })).ok).toBe(true);
    refuse = true;
    expect(await sendSms(client, { to: TO, body: "hello", from: FROM })).toMatchObject({ ok: false, kind: "invalid-number" });
    expect(await series("minnow_external_request_duration_seconds", { system: "twilio", operation: "POST:Messages", status: "201" })).toBe(1);
    expect(await series("minnow_external_request_errors_total", { system: "twilio", operation: "POST:Messages", status: "400" })).toBe(1);
  });

  it("counts an Acuity call that got no answer as a network error", async () => {
    server.use(http.get("https://acuity.test/api/v1/appointments/41", () => HttpResponse.error()));
    const client = createAcuityClient({ userId: "1", apiKey: "k", baseUrl: "https://acuity.test/api/v1" });
    await expect(client.request("GET", "/appointments/41")).rejects.toThrow();
    expect(await series("minnow_external_request_errors_total", { system: "acuity", operation: "GET:appointments", status: "network" })).toBe(1);
  });

  it.each([
    ["POST", `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, "POST:Messages"],
    ["GET", `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM${"a".repeat(32)}.json`, "GET:Messages"],
    ["GET", `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?To=%2B13125550101`, "GET:Messages"],
  ])("names the Twilio operation %s %s as %s, without a SID or a number", (method, uri, operation) => {
    expect(twilioOperation(method, uri)).toBe(operation);
  });
});
