/**
 * Actions that make minnow act: send a message (through sendOutreach, the same policy decision a
 * workflow uses) and run a sync now. Each takes an Idempotency-Key, so a retried Zap acts once.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { ref } from "../../engine/port.js";
import { errorKind, log } from "../../log.js";
import { sendOutreach } from "../../messaging/send-outreach.js";
import type { ConsentScope } from "../../policy/consent.js";
import type { Services } from "../../runtime/services.js";
import { latestConsentForPatient } from "../../store/consent-ledger.js";
import { getContact } from "../../store/contacts.js";
import { requireApiKey } from "../middleware/api-key.js";
import { apiError, claimActionKey, errorResponses, IDEMPOTENCY_KEY_REUSED, IdempotencyHeaders, json, SECURITY } from "./api-schemas.js";
import { startSyncRun } from "./start-sync-run.js";

/**
 * Templates an automation may send on its own. Ones that open a prompt (confirm request, waitlist
 * offer) belong to their workflows, which wait for the reply. No values come from the caller: a
 * template falls back to its variant without patient detail.
 */
export const API_TEMPLATES = { "appointment-reminder": "appointment", "reschedule-instructions": "appointment", "payment-reminder": "billing" } as const satisfies Record<string, ConsentScope>;
const API_TEMPLATE_IDS = Object.keys(API_TEMPLATES) as [keyof typeof API_TEMPLATES, ...Array<keyof typeof API_TEMPLATES>];

const SendMessageSchema = z
  .strictObject({
    patientRef: ref().openapi({ example: "Patient/p-1" }),
    templateId: z.enum(API_TEMPLATE_IDS).openapi({ example: "appointment-reminder" }),
    subjectRef: ref().optional().openapi({ description: "What the message is about (an appointment or invoice ref), for the audit.", example: "Appointment/a-1" }),
  })
  .openapi("SendMessage");

const SendResultSchema = z
  .object({
    outcome: z.enum(["sent", "deferred", "denied", "failed"]),
    messageId: z.string().optional(),
    until: z.string().optional().openapi({ format: "date-time", description: "When a deferred message may be sent; retry then with the same Idempotency-Key." }),
    reasons: z.array(z.string()).optional(),
  })
  .openapi("SendResult");

export type StartSync = (services: Services, key: string) => Promise<{ runId: string; started: boolean }>;

/** Starts the sync workflow; imported lazily because the workflows are built over the services. */
export const startSyncWorkflow: StartSync = (services, key) => startSyncRun(services, { key });

export function registerActionRoutes(api: OpenAPIHono, services: Services, startSync: StartSync = startSyncWorkflow): void {
  const write = requireApiKey(services, "write");

  api.openapi(
    createRoute({
      method: "post", path: "/actions/send-message", tags: ["actions"], security: SECURITY, middleware: [write] as const,
      summary: "Send a template to a patient, if policy allows (consent, quiet hours, caps)",
      request: { headers: IdempotencyHeaders, body: { content: { "application/json": { schema: SendMessageSchema } }, required: true } },
      responses: { 200: json(SendResultSchema, "The policy decision and what was done."), ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const [contact, consent] = await Promise.all([getContact(services.store, services.crypto, body.patientRef), latestConsentForPatient(services.store, services.crypto, body.patientRef)]);
      if (!contact && !consent) return apiError(c, 404, "No patient with that ref is known to minnow (no contact and no consent).");
      const claim = await claimActionKey(c, services.store, "send-message", c.req.valid("header")["idempotency-key"], body);
      if (!claim.ok) return apiError(c, 422, claim.message, IDEMPOTENCY_KEY_REUSED);
      const effectKey = claim.key;
      try {
        const result = await sendOutreach(services, { patientRef: body.patientRef, scope: API_TEMPLATES[body.templateId], templateId: body.templateId, values: {}, effectKey, actor: `api-key:${c.get("apiKeyId")}`, subjectRef: body.subjectRef ?? body.patientRef });
        if (result.outcome === "sent") return c.json({ outcome: result.outcome, messageId: result.messageId }, 200);
        if (result.outcome === "deferred") return c.json({ outcome: result.outcome, until: result.until.toISOString(), reasons: result.reasons }, 200);
        return c.json({ outcome: result.outcome, reasons: result.reasons }, 200);
      } catch (err) {
        log.warn("api.send_message_failed", { effectKey, errorKind: errorKind(err) });
        return apiError(c, 503, "Sending failed for a reason that may pass; retry with the same Idempotency-Key.");
      }
    },
  );

  api.openapi(
    createRoute({
      method: "post", path: "/actions/sync-now", tags: ["actions"], security: SECURITY, middleware: [write] as const,
      summary: "Pull every source now instead of at the next interval",
      request: { headers: IdempotencyHeaders },
      responses: { 202: json(z.object({ runId: z.string(), started: z.boolean() }).openapi("SyncStarted"), "The sync run (started false: that key already started one)."), ...errorResponses(401, 403, 422) },
    }),
    async (c) => {
      const claim = await claimActionKey(c, services.store, "sync-now", c.req.valid("header")["idempotency-key"], {});
      if (!claim.ok) return apiError(c, 422, claim.message, IDEMPOTENCY_KEY_REUSED);
      return c.json(await startSync(services, claim.key), 202);
    },
  );
}
