import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createFhirClient } from "../../connectors/fhir/client.js";
import { BASE_URL } from "../connectors/fhir/helpers/fixtures.js";
import { useMsw } from "../connectors/fhir/helpers/msw.js";
import { serveSubscriptionEhr } from "../helpers/fake-subscription-ehr.js";
import { openTestServices, type TestServices } from "../helpers/test-services.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/**
 * The console's EHR page: an administrator sees minnow's Subscriptions on the EHR, creates one (the
 * same code as `minnow fhir subscribe`) and learns what the handshake showed, and deletes one.
 */
const server = useMsw();
const TOKEN = "console-fhir-subscription-token-0123456789";
const ENDPOINT = "https://minnow.example.test/webhooks/fhir/subscription";
let rig: ConsoleRig | undefined;
let other: TestServices | undefined;
afterEach(async () => {
  await rig?.dispose();
  await other?.dispose();
  rig = other = undefined;
});

async function open(env: Record<string, string> = { FHIR_SUBSCRIPTION_TOKEN: TOKEN }): Promise<ConsoleRig> {
  rig = await openConsoleRig({ env });
  rig.services.sources.fhir = createFhirClient({ baseUrl: BASE_URL });
  return rig;
}

const audits = (r: ConsoleRig, action: string) => r.services.store.db.selectFrom("audit_log").select(["actor", "subject_ref", "decision"]).where("action", "=", action).execute();

describe("the console's EHR connection page", () => {
  it("creates a Subscription pointed at PUBLIC_URL, says the handshake worked, lists it as working, and audits it", async () => {
    const r = await open();
    const ehr = serveSubscriptionEhr(server, BASE_URL, r.services, { backport: true });
    const admin = await r.signIn("admin");
    const empty = await pageText(await admin.get("/admin/ehr"));
    expect(empty).toContain("There are none yet: the EHR does not tell minnow about changes, so they arrive at the next check (every 5 minutes)");
    expect(empty).toContain(ENDPOINT);

    const created = await admin.post("/admin/ehr/subscriptions");
    expect(created.status).toBe(201);
    const text = await pageText(created);
    expect(text).toContain("Created Subscription/s1, topic-based (R4 Backport). The EHR sent its test message to https://minnow.example.test/webhooks/fhir/subscription and minnow accepted it: the handshake worked.");
    expect(ehr.stored[0]).toMatchObject({ status: "active", channel: { endpoint: ENDPOINT, header: [`Authorization: Bearer ${TOKEN}`] } });
    expect(text).toMatch(/Subscription\/s1 Topic-based \(R4 Backport\) Working The EHR's test message reached minnow/);
    expect(await audits(r, "fhir_subscription.created")).toEqual([{ actor: `staff:${admin.staff.id}`, subject_ref: "Subscription/s1", decision: "active" }]);
  });

  it("explains a handshake that did not get through, and what to check", async () => {
    const r = await open();
    other = await openTestServices({ env: { FHIR_SUBSCRIPTION_TOKEN: "a-different-token-that-is-long-enough" } });
    serveSubscriptionEhr(server, BASE_URL, other, { backport: false });
    const admin = await r.signIn("admin");
    await admin.get("/admin/ehr");
    const text = await pageText(await admin.post("/admin/ehr/subscriptions"));
    expect(text).toContain("Created Subscription/s1, classic (R4 criteria), but the EHR's test message did not get through to https://minnow.example.test/webhooks/fhir/subscription (the EHR said: handshake answered HTTP 401). Check that PUBLIC_URL");
    expect(text).toMatch(/Not working The EHR's test message did not get through to minnow\..*The EHR said: handshake answered HTTP 401\./);
  });

  it("deletes one of minnow's Subscriptions, and refuses one it did not create, saying it is still there", async () => {
    const r = await open();
    const ehr = serveSubscriptionEhr(server, BASE_URL, r.services, { backport: false });
    const admin = await r.signIn("admin");
    await admin.get("/admin/ehr");
    await admin.post("/admin/ehr/subscriptions");
    ehr.stored.push({ resourceType: "Subscription", id: "theirs", status: "active", reason: "set up by hand", criteria: "Patient?", channel: { type: "rest-hook" } });
    const listed = await pageText(await admin.get("/admin/ehr"));
    expect(listed).toContain("Subscription/s1");
    expect(listed).not.toContain("theirs");

    const refused = await admin.post("/admin/ehr/subscriptions/theirs/delete");
    expect(refused.status).toBe(502);
    expect(await pageText(refused)).toContain("minnow could not delete Subscription/theirs on the EHR. It is still there");
    const deleted = await admin.post("/admin/ehr/subscriptions/s1/delete");
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/admin/ehr?notice=deleted");
    expect(await pageText(await admin.get("/admin/ehr?notice=deleted"))).toContain("Subscription deleted on the EHR.");
    expect(ehr.stored.map((s) => s.id)).toEqual(["theirs"]);
    expect(await audits(r, "fhir_subscription.deleted")).toHaveLength(1);
  });

  it("without FHIR_SUBSCRIPTION_TOKEN names what to set, offers no working button, and creates nothing", async () => {
    const r = await open({});
    const ehr = serveSubscriptionEhr(server, BASE_URL, r.services, { backport: false });
    const admin = await r.signIn("admin");
    const html = await (await admin.get("/admin/ehr")).text();
    expect(html).toContain("FHIR_SUBSCRIPTION_TOKEN is not set");
    expect(html).toMatch(/<button type="button" disabled[^>]*>\s*Create the subscription/);
    expect((await admin.post("/admin/ehr/subscriptions")).status).toBe(200);
    expect(ehr.stored).toEqual([]);
  });

  it("says so when the EHR will not list its Subscriptions, and still shows the page", async () => {
    const r = await open();
    server.use(http.get(`${BASE_URL}/Subscription`, () => HttpResponse.json({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "forbidden" }] }, { status: 403 })));
    const admin = await r.signIn("admin");
    const res = await admin.get("/admin/ehr");
    expect(res.status).toBe(200);
    const text = await pageText(res);
    expect(text).toContain("minnow could not ask the EHR which subscriptions it has.");
    expect(text).toContain("HTTP 403");
  });

  it("flags a Subscription that sends somewhere other than this server's address", async () => {
    const r = await open();
    const ehr = serveSubscriptionEhr(server, BASE_URL, r.services, { backport: false });
    ehr.stored.push({ resourceType: "Subscription", id: "old", meta: { tag: [{ system: "urn:minnow", code: "managed-subscription" }] }, status: "active", reason: "x", criteria: "Appointment?", channel: { type: "rest-hook", endpoint: "https://old.example.test/webhooks/fhir/subscription" } });
    const admin = await r.signIn("admin");
    expect(await pageText(await admin.get("/admin/ehr"))).toContain("Sends to another address It sends to https://old.example.test/webhooks/fhir/subscription, not to this server's");
  });

  it.each(["front-desk", "manager"] as const)("refuses a %s: 403 on the page and on the action, nothing created", async (role) => {
    const r = await open();
    const ehr = serveSubscriptionEhr(server, BASE_URL, r.services, { backport: false });
    const someone = await r.signIn(role);
    expect((await someone.get("/admin/ehr")).status).toBe(403);
    expect((await someone.post("/admin/ehr/subscriptions")).status).toBe(403);
    expect(ehr.stored).toEqual([]);
    expect(await (await someone.get("/today")).text()).not.toContain('href="/admin/ehr"');
  });
});
