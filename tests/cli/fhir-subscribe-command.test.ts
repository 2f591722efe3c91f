import type { Subscription } from "@medplum/fhirtypes";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFhirClient } from "../../connectors/fhir/client.js";
import { runFhirSubscriptionsCommand } from "../../src/cli/fhir-subscribe-command.js";
import { loadEnv } from "../../src/config/env.js";
import { setLogLevel } from "../../src/log.js";
import { BASE_URL } from "../connectors/fhir/helpers/fixtures.js";
import { useMsw } from "../connectors/fhir/helpers/msw.js";
import { BACKPORT_TOPIC, serveSubscriptionEhr } from "../helpers/fake-subscription-ehr.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";

/**
 * `minnow fhir subscribe` against a fake EHR that, like a real one, sends the handshake to the
 * endpoint with the header it was given (here: minnow's own receiver) and marks the Subscription
 * active or error by the answer.
 */
const server = useMsw();
const TOKEN = "test-fhir-subscription-token-0123456789";
const env = loadEnv({ LOG_LEVEL: "silent", PUBLIC_URL: "https://minnow.example.test", FHIR_SUBSCRIPTION_TOKEN: TOKEN, FHIR_BASE_URL: BASE_URL });
let ehr: { stored: Subscription[] };
let receiver: TestServices;
let out: string[];

function serveEhr(opts: { backport: boolean }) {
  ehr = serveSubscriptionEhr(server, BASE_URL, receiver, opts);
}

beforeEach(async () => {
  setLogLevel("silent");
  out = [];
  receiver = await openTestServices({ env: { FHIR_SUBSCRIPTION_TOKEN: TOKEN } });
  vi.spyOn(process.stdout, "write").mockImplementation((t) => out.push(String(t)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((t) => out.push(String(t)) > 0);
});
afterEach(async () => {
  vi.restoreAllMocks();
  setLogLevel("info");
  await receiver.dispose();
});

const run = (verb: "subscribe" | "list" | "unsubscribe", ...args: string[]) => runFhirSubscriptionsCommand(verb, args, { env, client: createFhirClient({ baseUrl: BASE_URL }), waitMs: 2_000 });

describe("minnow fhir subscribe", () => {
  it("creates a Backport topic-based rest-hook Subscription where advertised, and reports the accepted handshake", async () => {
    serveEhr({ backport: true });
    expect(await run("subscribe")).toBe(0);
    const [sub] = ehr.stored;
    expect(sub).toMatchObject({ criteria: BACKPORT_TOPIC, status: "active", channel: { type: "rest-hook", endpoint: "https://minnow.example.test/webhooks/fhir/subscription", payload: "application/fhir+json", header: [`Authorization: Bearer ${TOKEN}`] } });
    expect(sub?.meta?.profile?.[0]).toContain("backport-subscription");
    expect(out.join("")).toMatch(/Created Subscription\/s1 \(R4 Backport IG, topic-based\), status active[\s\S]*handshake reached this server/);
  });

  it("falls back to classic R4 criteria when the server advertises no topic", async () => {
    serveEhr({ backport: false });
    expect(await run("subscribe")).toBe(0);
    expect(ehr.stored[0]).toMatchObject({ criteria: "Appointment?", status: "active" });
  });

  it("fails naming the fix when the handshake is refused (the token does not match)", async () => {
    serveEhr({ backport: false });
    const wrong = loadEnv({ LOG_LEVEL: "silent", PUBLIC_URL: "https://minnow.example.test", FHIR_SUBSCRIPTION_TOKEN: "another-token-that-is-long-enough", FHIR_BASE_URL: BASE_URL });
    expect(await runFhirSubscriptionsCommand("subscribe", [], { env: wrong, client: createFhirClient({ baseUrl: BASE_URL }), waitMs: 2_000 })).toBe(1);
    expect(out.join("")).toMatch(/handshake failed: handshake answered HTTP 401.*FHIR_SUBSCRIPTION_TOKEN matches/);
  });

  it("lists and deletes only its own Subscriptions", async () => {
    serveEhr({ backport: false });
    await run("subscribe");
    ehr.stored.push({ resourceType: "Subscription", id: "theirs", status: "active", reason: "someone else", criteria: "Patient?", channel: { type: "rest-hook" } });
    out.length = 0;
    await run("list");
    expect(out.join("")).toContain("Subscription/s1  active  Appointment?");
    expect(out.join("")).not.toContain("theirs");
    expect(await run("unsubscribe", "theirs")).toBe(1);
    expect(out.join("")).toContain("not one minnow created");
    expect(await run("unsubscribe", "Subscription/s1")).toBe(0);
    expect(ehr.stored.map((s) => s.id)).toEqual(["theirs"]);
  });

  it("refuses without PUBLIC_URL or FHIR_SUBSCRIPTION_TOKEN", async () => {
    const bare = loadEnv({ LOG_LEVEL: "silent", FHIR_BASE_URL: BASE_URL });
    expect(await runFhirSubscriptionsCommand("subscribe", [], { env: bare, client: createFhirClient({ baseUrl: BASE_URL }) })).toBe(1);
    expect(out.join("")).toContain("PUBLIC_URL is not set");
  });
});
