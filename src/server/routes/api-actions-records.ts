/**
 * Actions that record something: a waitlist entry and a consent. Both answer with what policy
 * will make of it (decideConsent, as a workflow would decide), so a gap shows at capture time.
 */
import { startRecipeRunsFor } from "../../automations/start-runs.js";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { withEffect } from "../../engine/effects.js";
import { ref } from "../../engine/port.js";
import { CONSENT_SCOPES, decideConsent } from "../../policy/consent.js";
import type { Services } from "../../runtime/services.js";
import { getConsent, latestConsentForPatient } from "../../store/consent-ledger.js";
import { addToWaitlist } from "../../store/waitlist.js";
import { actingKey, requireApiKey } from "../middleware/api-key.js";
import { apiError, claimActionKey, errorResponses, IDEMPOTENCY_KEY_REUSED, IdempotencyHeaders, json, SECURITY } from "./api-schemas.js";
import { blockingOptOut, optedOutMessage, recordApiConsent } from "./consent-record.js";
import { ConsentRequestSchema } from "./consent-request.js";

const WaitlistSchema = z
  .strictObject({
    patientRef: ref().openapi({ example: "Patient/p-1" }),
    requestedStart: z.iso.datetime({ offset: true }).openapi({ example: "2026-12-01T14:00:00Z" }),
    requestedEnd: z.iso.datetime({ offset: true }).openapi({ example: "2026-12-05T23:00:00Z" }),
    priority: z.number().int().min(1).max(9).optional().openapi({ description: "Lower is more urgent; default 5." }),
    practitionerRef: ref().optional(),
    locationRef: ref().optional(),
  })
  .refine((b) => Date.parse(b.requestedStart) < Date.parse(b.requestedEnd), { path: ["requestedEnd"], message: "must be after requestedStart" })
  .openapi("AddToWaitlist");

const RecordedSchema = z.object({ id: z.string(), warnings: z.array(z.string()).openapi({ description: "Consent reasons that would stop a send today, e.g. no-consent." }) });

async function consentWarnings(services: Services, patientRef: string, scopes: readonly (typeof CONSENT_SCOPES)[number][]): Promise<string[]> {
  const consent = await latestConsentForPatient(services.store, services.crypto, patientRef);
  const at = services.clock.now();
  return [...new Set(scopes.flatMap((scope) => decideConsent(consent, { scope, at }).reasons))];
}

export function registerRecordActionRoutes(api: OpenAPIHono, services: Services): void {
  const write = requireApiKey(services, "write");

  api.openapi(
    createRoute({
      method: "post", path: "/actions/add-to-waitlist", tags: ["actions"], security: SECURITY, middleware: [write] as const,
      summary: "Put a patient on minnow's waitlist for a period",
      request: { headers: IdempotencyHeaders, body: { content: { "application/json": { schema: WaitlistSchema } }, required: true } },
      responses: { 201: json(RecordedSchema.openapi("WaitlistAdded"), "The waitlist entry."), ...errorResponses(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const claim = await claimActionKey(c, services.store, "add-to-waitlist", c.req.valid("header")["idempotency-key"], body);
      if (!claim.ok) return apiError(c, 422, claim.message, IDEMPOTENCY_KEY_REUSED);
      const id = await withEffect(services.store, claim.key, () =>
        addToWaitlist(services.store, { ...body, requestedStart: new Date(body.requestedStart), requestedEnd: new Date(body.requestedEnd) }, services.clock.now()),
      );
      await startRecipeRunsFor(services, { kind: "waitlist.joined", subjectRef: id });
      return c.json({ id, warnings: await consentWarnings(services, body.patientRef, ["waitlist"]) }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post", path: "/actions/record-consent", tags: ["actions"], security: SECURITY, middleware: [write] as const,
      summary: "Record a patient's consent to texts (the same ledger as POST /api/consents)",
      request: { headers: IdempotencyHeaders, body: { content: { "application/json": { schema: ConsentRequestSchema } }, required: true } },
      responses: { 201: json(RecordedSchema.openapi("ConsentRecorded"), "The consent."), ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const at = services.clock.now();
      const claim = await claimActionKey(c, services.store, "record-consent", c.req.valid("header")["idempotency-key"], body);
      if (!claim.ok) return apiError(c, 422, claim.message, IDEMPOTENCY_KEY_REUSED);
      const optOut = await blockingOptOut(services, body);
      if (optOut) return apiError(c, 409, optedOutMessage(services, optOut));
      const id = await withEffect(services.store, claim.key, () => recordApiConsent(services, body, actingKey(c), at));
      const record = await getConsent(services.store, services.crypto, id);
      const warnings = record ? [...new Set(body.scopes.flatMap((scope) => decideConsent(record, { scope, at }).reasons))] : [];
      return c.json({ id, warnings }, 201);
    },
  );
}
