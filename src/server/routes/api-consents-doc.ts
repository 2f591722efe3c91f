import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { CONSENT_SCOPES, CONSENT_SOURCES, PHI_LEVELS } from "../../policy/consent.js";
import { errorResponses, json, SECURITY } from "./api-schemas.js";

/**
 * The consent routes (src/server/routes/consents.ts and siblings) are plain Hono routes that
 * share the consent ledger's own validation; this registers their shapes so the one OpenAPI
 * document covers every /api route.
 */
const ConsentView = z
  .object({
    id: z.string(),
    patientRef: z.string(),
    phoneLast4: z.string(),
    scopes: z.array(z.enum(CONSENT_SCOPES)),
    phiLevel: z.enum(PHI_LEVELS),
    source: z.enum(CONSENT_SOURCES),
    evidence: z.string().nullable(),
    capturedBy: z.string().nullable(),
    capturedAt: z.string(),
    phoneVerified: z.boolean(),
    revokedAt: z.string().nullable(),
    revokedScopes: z.array(z.enum(CONSENT_SCOPES)).nullable(),
    revokedReason: z.string().nullable(),
  })
  .openapi("Consent");

const ConsentRequest = z
  .object({
    patientRef: z.string().min(1).max(200),
    phone: z.string().max(40).openapi({ example: "+13125550100" }),
    scopes: z.array(z.enum(CONSENT_SCOPES)).min(1),
    phiLevel: z.enum(PHI_LEVELS),
    source: z.enum(CONSENT_SOURCES),
    evidence: z.string().min(1).max(500).optional(),
    capturedBy: z.string().min(1).max(200).optional().openapi({ description: "Required for verbal consent." }),
    reconsent: z
      .object({ evidence: z.string().min(3).max(500), by: z.string().min(1).max(200) })
      .optional()
      .openapi({ description: "For a number that opted out (STOP): the consent the patient re-gave in writing (source web-form or paper), what proves it and who took it. Audited as a re-consent." }),
  })
  .openapi("ConsentRequest");

const idParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } }, required: true } });

export function documentConsentRoutes(api: OpenAPIHono): void {
  const registry = api.openAPIRegistry;
  registry.registerPath({
    method: "post", path: "/consents", tags: ["consents"], security: SECURITY, summary: "Record a consent (with its source and evidence)",
    request: body(ConsentRequest),
    responses: { 201: json(z.object({ consent: ConsentView, warnings: z.array(z.string()) }), "Recorded."), ...errorResponses(400, 401, 403, 409, 413, 422) },
  });
  registry.registerPath({
    method: "get", path: "/consents/{patientRef}", tags: ["consents"], security: SECURITY, summary: "A patient's current consent and history",
    request: { params: z.object({ patientRef: z.string().openapi({ param: { name: "patientRef", in: "path" }, example: "Patient/pat-0001" }) }) },
    responses: { 200: json(z.object({ patientRef: z.string(), current: ConsentView.nullable(), scopes: z.array(z.string()), history: z.array(ConsentView) }), "The ledger for this patient."), ...errorResponses(401, 404) },
  });
  registry.registerPath({
    method: "post", path: "/consents/{id}/verify", tags: ["consents"], security: SECURITY, summary: "Text a one-time code to the consent's phone, or check `{ code }`",
    request: { params: idParam, ...body(z.object({ code: z.string().regex(/^\d{6}$/).optional() })) },
    responses: { 200: json(z.object({ verified: z.boolean(), consent: ConsentView.nullable() }), "The code matched."), 202: json(z.object({ verificationId: z.string(), expiresAt: z.string() }), "A code was sent."), ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
  });
  registry.registerPath({
    method: "post", path: "/consents/{id}/revoke", tags: ["consents"], security: SECURITY, summary: "Revoke some or all scopes for the consent's patient (a staff-taken revocation)",
    request: { params: idParam, ...body(z.object({ scopes: z.array(z.enum(CONSENT_SCOPES)).optional(), reason: z.enum(["patient-request", "wrong-number", "staff-correction", "other"]) })) },
    responses: { 200: json(z.object({ consent: ConsentView.nullable(), revokedConsentIds: z.array(z.string()) }), "Revoked for the patient: these scopes on every consent row of theirs."), ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
  });
}
