import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AcuityApiError } from "../../../connectors/acuity/acuity-error.js";
import { acuityAuthSchema } from "../../../connectors/acuity/auth.js";
import { createAcuityClient } from "../../../connectors/acuity/client.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { API_KEY, BASE_URL, testClient, USER_ID } from "./helpers/fixtures.js";

const server = useMsw();

async function failure(promise: Promise<unknown>): Promise<AcuityApiError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AcuityApiError);
  return err as AcuityApiError;
}

describe("Acuity client", () => {
  it("sends basic auth built from the user id and API key", async () => {
    let authorization: string | null = null;
    server.use(http.get(`${BASE_URL}/me`, ({ request }) => {
      authorization = request.headers.get("authorization");
      return HttpResponse.json({ id: 1 });
    }));
    await testClient().request("GET", "/me");
    expect(authorization).toBe(`Basic ${Buffer.from(`${USER_ID}:${API_KEY}`).toString("base64")}`);
  });

  it("waits for Retry-After on 429 and then returns the body", async () => {
    let calls = 0;
    server.use(http.get(`${BASE_URL}/appointments`, () =>
      ++calls === 1 ? HttpResponse.json({ status_code: 429, message: "Too many requests", error: "too_many_requests" }, { status: 429, headers: { "Retry-After": "4" } }) : HttpResponse.json([]),
    ));
    const sleeps: number[] = [];
    expect(await testClient(sleeps).request("GET", "/appointments")).toEqual([]);
    expect(sleeps).toEqual([4000]);
    expect(calls).toBe(2);
  });

  it("gives up on 429 after its retry budget with the status in the error", async () => {
    server.use(http.get(`${BASE_URL}/appointments`, () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "1" } })));
    const sleeps: number[] = [];
    const err = await failure(testClient(sleeps).request("GET", "/appointments"));
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/HTTP 429.*gave up after 3 retries/);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it("refuses a Retry-After longer than the policy allows instead of sleeping", async () => {
    server.use(http.get(`${BASE_URL}/appointments`, () => new HttpResponse(null, { status: 429, headers: { "Retry-After": "3600" } })));
    const sleeps: number[] = [];
    const err = await failure(testClient(sleeps).request("GET", "/appointments"));
    expect(err.message).toContain("over the 60 s limit");
    expect(sleeps).toEqual([]);
  });

  it("keeps Acuity's error code and message on a 400", async () => {
    server.use(http.put(`${BASE_URL}/appointments/1/cancel`, () => HttpResponse.json({ status_code: 400, message: "Clients are not allowed to cancel.", error: "cancel_not_allowed" }, { status: 400 })));
    const err = await failure(testClient().request("PUT", "/appointments/1/cancel"));
    expect(err).toMatchObject({ status: 400, acuityError: "cancel_not_allowed", code: 400 });
    expect(err.message).toContain("(cancel_not_allowed)");
    expect(err.message).not.toContain("Clients are not allowed");
  });

  it("points at the credentials on a 401, even when the body is not JSON", async () => {
    server.use(http.get(`${BASE_URL}/me`, () => new HttpResponse("<html>nope</html>", { status: 401 })));
    const err = await failure(testClient().request("GET", "/me"));
    expect(err.status).toBe(401);
    expect(err.message).toContain("ACUITY_API_KEY");
  });

  it("times out a hung request and says so", async () => {
    server.use(http.get(`${BASE_URL}/me`, async () => {
      await delay(2_000);
      return HttpResponse.json({});
    }));
    const client = createAcuityClient({ userId: USER_ID, apiKey: API_KEY, baseUrl: BASE_URL, timeoutMs: 50 });
    const err = await failure(client.request("GET", "/me"));
    expect(err.code).toBe("timeout");
    expect(err.message).toContain("timed out after 50 ms");
  });

  it("reports a network failure with its cause", async () => {
    server.use(http.get(`${BASE_URL}/me`, () => HttpResponse.error()));
    const err = await failure(testClient().request("GET", "/me"));
    expect(err.code).toBe("network");
    expect(err.cause).toBeDefined();
  });

  it("sends JSON bodies and drops undefined query values", async () => {
    let seen: { url: string; type: string | null; body: unknown } | undefined;
    server.use(http.post(`${BASE_URL}/webhooks`, async ({ request }) => {
      seen = { url: request.url, type: request.headers.get("content-type"), body: await request.json() };
      return HttpResponse.json({ ok: true });
    }));
    await testClient().request("POST", "/webhooks", { query: { a: "1", b: undefined }, body: { event: "appointment.changed" } });
    expect(seen).toEqual({ url: `${BASE_URL}/webhooks?a=1`, type: "application/json", body: { event: "appointment.changed" } });
  });

  it.each<[string, unknown, boolean]>([
    ["valid credentials", { userId: "123", apiKey: "k" }, true],
    ["a non-numeric user id", { userId: "abc", apiKey: "k" }, false],
    ["no API key", { userId: "123", apiKey: "" }, false],
    ["a bad base URL", { userId: "123", apiKey: "k", baseUrl: "not a url" }, false],
  ])("auth schema accepts %s: %s", (_name, input, valid) => {
    expect(acuityAuthSchema.safeParse(input).success).toBe(valid);
  });

  it("names the field in auth errors", () => {
    const result = acuityAuthSchema.safeParse({ userId: "abc", apiKey: "k" });
    expect(result.error?.issues[0]?.path).toEqual(["userId"]);
  });
});
