import { z } from "zod";
import { defineConnector } from "../define.js";

/**
 * Zapier-style REST hooks: minnow's events pushed to a subscriber's URL (Zapier, n8n, the
 * practice's own systems). A destination sits outside the practice's BAA unless the practice
 * attests it in config (`hooks.attestedDestinations`), so by default only opaque references
 * flow there. The implementation lives in src/hooks and src/server/routes/api-hooks.ts.
 */
export const webhooksConnector = defineConnector({
  id: "webhooks",
  displayName: "REST hooks (Zapier, n8n, your own systems)",
  baa: {
    offered: false,
    mustAttest:
      "Each destination is outside the BAA unless the practice holds a BAA with its operator and lists the URL under hooks.attestedDestinations. Zapier and n8n Cloud sign none.",
  },
  receives: ["reference"],
  auth: z.object({ apiKey: z.string().min(16, "an API key from `minnow api-key create`") }),
  triggers: [
    {
      id: "event",
      displayName: "A minnow event (REST hook)",
      strategy: "webhook",
      why: "Subscribers register a target URL (POST /api/hooks) and minnow pushes each event, signed, within seconds; polling GET /api/events is the fallback.",
      sample: { id: "evt-01", type: "appointment.confirmed", refs: { appointmentRef: "Appointment/example-1" } },
    },
    {
      id: "events-list",
      displayName: "Recent events (polling)",
      strategy: "polling",
      why: "Zapier's performList and tools without hooks poll GET /api/events?type=&limit=, newest first with stable ids to dedupe on.",
      sample: { id: "evt-01", type: "patient.opted_out", refs: { patientRef: "Patient/example-1" } },
    },
  ],
  actions: [
    { id: "subscribe", displayName: "Subscribe a hook", idempotent: false, description: "POST /api/hooks {event, targetUrl} → 201 {id, secret}; each call creates a new subscription." },
    { id: "unsubscribe", displayName: "Unsubscribe a hook", idempotent: true, description: "DELETE /api/hooks/:id; deleting twice has no further effect." },
  ],
});
