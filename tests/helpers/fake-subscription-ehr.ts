import type { Subscription } from "@medplum/fhirtypes";
import { http, HttpResponse } from "msw";
import type { SetupServer } from "msw/node";
import type { Services } from "../../src/runtime/services.js";
import { createApp } from "../../src/server/app.js";
import { mountFhirSubscriptionWebhook } from "../../src/server/routes/fhir-subscription-webhook.js";

/**
 * A fake EHR (msw) that handles Subscriptions as a real one does: on create it sends the handshake
 * to the endpoint with the header it was given (here: minnow's own receiver, on `receiver`'s app)
 * and marks the Subscription active or error by the answer; it lists, reads and deletes them.
 */
export const BACKPORT_TOPIC = "http://ehr.example/SubscriptionTopic/appointment-changed";

export function serveSubscriptionEhr(server: SetupServer, baseUrl: string, receiver: Services, opts: { backport: boolean }): { stored: Subscription[] } {
  const state = { stored: [] as Subscription[] };
  const app = createApp(receiver, [mountFhirSubscriptionWebhook()]);
  const topic = opts.backport ? { extension: [{ url: "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical", valueCanonical: BACKPORT_TOPIC }] } : {};
  server.use(
    http.get(`${baseUrl}/metadata`, () => HttpResponse.json({ resourceType: "CapabilityStatement", status: "active", kind: "instance", fhirVersion: "4.0.1", format: ["json"], rest: [{ mode: "server", resource: [{ type: "Subscription", ...topic }] }] })),
    http.post(`${baseUrl}/Subscription`, async ({ request }) => {
      const sub = { ...((await request.json()) as Subscription), id: `s${state.stored.length + 1}` };
      const header = sub.channel.header?.[0] ?? "";
      const handshake = { resourceType: "Bundle", type: "history", entry: [{ resource: { resourceType: "Parameters", parameter: [{ name: "subscription", valueReference: { reference: `Subscription/${sub.id}` } }, { name: "type", valueCode: "handshake" }, { name: "events-since-subscription-start", valueString: "0" }] } }] };
      const path = new URL(sub.channel.endpoint ?? "").pathname;
      const answer = await app.request(path, { method: "POST", headers: { "content-type": "application/fhir+json", authorization: header.replace(/^Authorization: /, "") }, body: JSON.stringify(handshake) });
      state.stored.push({ ...sub, status: answer.ok ? "active" : "error", ...(answer.ok ? {} : { error: `handshake answered HTTP ${answer.status}` }) });
      return HttpResponse.json({ ...sub, status: "requested" }, { status: 201 });
    }),
    http.get(`${baseUrl}/Subscription/:id`, ({ params }) => HttpResponse.json(state.stored.find((s) => s.id === params.id))),
    http.get(`${baseUrl}/Subscription`, () => HttpResponse.json({ resourceType: "Bundle", type: "searchset", entry: state.stored.map((resource) => ({ resource })) })),
    http.delete(`${baseUrl}/Subscription/:id`, ({ params }) => {
      state.stored = state.stored.filter((s) => s.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return state;
}
