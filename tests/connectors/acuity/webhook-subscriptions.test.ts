import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AcuityApiError } from "../../../connectors/acuity/acuity-error.js";
import { listAcuityWebhooks, subscribeAcuityWebhook, unsubscribeAcuityWebhook } from "../../../connectors/acuity/webhook-subscriptions.js";
import { useMsw } from "../fhir/helpers/msw.js";
import { BASE_URL, testClient } from "./helpers/fixtures.js";

const server = useMsw();
const TARGET = "https://minnow.example.test/webhooks/acuity";

describe("Acuity dynamic webhooks", () => {
  it("subscribes with POST /webhooks {event, target} and returns the documented subscription", async () => {
    let sent: unknown;
    server.use(http.post(`${BASE_URL}/webhooks`, async ({ request }) => {
      sent = await request.json();
      return HttpResponse.json({ id: 1, event: "appointment.scheduled", target: TARGET, status: "active" });
    }));
    const subscription = await subscribeAcuityWebhook(testClient(), { event: "appointment.scheduled", target: TARGET });
    expect(sent).toEqual({ event: "appointment.scheduled", target: TARGET });
    expect(subscription).toEqual({ id: "1", event: "appointment.scheduled", target: TARGET, status: "active" });
  });

  it.each([
    ["a non-standard port", "https://minnow.example.test:8443/webhooks/acuity", /ports 443 or 80/],
    ["not a URL", "minnow webhooks", /not a URL/],
    ["another scheme", "ftp://minnow.example.test/hook", /http\(s\)/],
  ])("refuses %s before calling Acuity", async (_name, target, message) => {
    await expect(subscribeAcuityWebhook(testClient(), { event: "appointment.changed", target })).rejects.toThrow(message);
  });

  it("surfaces Acuity's 400 when the 25-webhook limit is reached", async () => {
    server.use(http.post(`${BASE_URL}/webhooks`, () => HttpResponse.json({ status_code: 400, message: "Webhook limit reached.", error: "webhook_limit" }, { status: 400 })));
    const err = await subscribeAcuityWebhook(testClient(), { event: "appointment.changed", target: TARGET }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AcuityApiError);
    expect((err as AcuityApiError).acuityError).toBe("webhook_limit");
  });

  it("rejects a subscription body without an id", async () => {
    server.use(http.post(`${BASE_URL}/webhooks`, () => HttpResponse.json({ event: "appointment.changed" })));
    await expect(subscribeAcuityWebhook(testClient(), { event: "appointment.changed", target: TARGET })).rejects.toThrow(/unexpected body/);
  });

  it("lists subscriptions", async () => {
    server.use(http.get(`${BASE_URL}/webhooks`, () => HttpResponse.json([{ id: 1, event: "appointment.changed", target: TARGET, status: "active" }, { id: 2, event: "appointment.canceled", target: TARGET, status: "active" }])));
    expect((await listAcuityWebhooks(testClient())).map((s) => s.id)).toEqual(["1", "2"]);
  });

  it("unsubscribes with DELETE /webhooks/:id, and treats an already-gone one as done", async () => {
    const deleted: string[] = [];
    server.use(http.delete(`${BASE_URL}/webhooks/:id`, ({ params }) => {
      deleted.push(String(params.id));
      return params.id === "1" ? new HttpResponse(null, { status: 204 }) : HttpResponse.json({ status_code: 404, message: "Not found", error: "not_found" }, { status: 404 });
    }));
    expect(await unsubscribeAcuityWebhook(testClient(), "1")).toEqual({ removed: true });
    expect(await unsubscribeAcuityWebhook(testClient(), "2")).toEqual({ removed: false });
    expect(deleted).toEqual(["1", "2"]);
  });

  it("refuses a non-numeric webhook id without calling Acuity", async () => {
    await expect(unsubscribeAcuityWebhook(testClient(), "../appointments")).rejects.toThrow(/numeric/);
  });

  it("still throws a server error on unsubscribe", async () => {
    server.use(http.delete(`${BASE_URL}/webhooks/:id`, () => new HttpResponse(null, { status: 500 })));
    await expect(unsubscribeAcuityWebhook(testClient(), "3")).rejects.toBeInstanceOf(AcuityApiError);
  });
});
