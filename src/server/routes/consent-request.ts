import type { Context } from "hono";
import { z } from "zod";
import { ConsentScopeSchema, ConsentSourceSchema, PhiLevelSchema } from "../../policy/consent.js";
import { InvalidPhoneError, normalizePhone } from "../../store/blind-index.js";
import type { ConsentRecord } from "../../store/consent-ledger.js";
import { jsonError } from "../middleware/errors.js";

/**
 * The consent API's request bodies and its view of a ledger row. Unknown fields are refused rather
 * than ignored: a client sending `phoneVerified: true` must learn it has no effect (verification
 * is by code only), not believe it worked.
 */
function e164(value: string): string | null {
  try {
    return normalizePhone(value);
  } catch (err) {
    if (err instanceof InvalidPhoneError) return null;
    throw err;
  }
}

const WRITTEN_RECONSENT: ReadonlySet<string> = new Set(["web-form", "paper"]);

export const ConsentRequestSchema = z
  .strictObject({
    patientRef: z.string().trim().min(1, "is required").max(200),
    phone: z
      .string()
      .max(40)
      .transform((value, ctx) => {
        const phone = e164(value);
        if (phone === null) ctx.addIssue({ code: "custom", message: "must be a phone number in E.164 form, e.g. +13125550100" });
        return phone ?? "";
      }),
    scopes: z.array(ConsentScopeSchema).min(1, "must name at least one scope"),
    phiLevel: PhiLevelSchema,
    source: ConsentSourceSchema,
    evidence: z.string().trim().min(1).max(500).optional(),
    capturedBy: z.string().trim().min(1).max(200).optional(),
    /** A consent the patient re-gave in writing after opting out: what proves it, and who took it. */
    reconsent: z
      .strictObject({
        evidence: z.string().trim().min(3, "must name the signed re-consent (a form id, a scanned document)").max(500),
        by: z.string().trim().min(1, "must name who took the re-consent").max(200),
      })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.source === "verbal" && !body.capturedBy) {
      ctx.addIssue({ code: "custom", path: ["capturedBy"], message: "is required for verbal consent: name the staff member who took it" });
    }
    if (body.reconsent && !WRITTEN_RECONSENT.has(body.source)) {
      ctx.addIssue({ code: "custom", path: ["source"], message: "must be web-form or paper with reconsent: a consent after an opt-out is re-given in writing" });
    }
  });


export const VerifyRequestSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, "must be the 6-digit code the patient received").optional(),
});

export const RevokeRequestSchema = z.strictObject({
  scopes: z.array(ConsentScopeSchema).min(1).optional(),
  // A fixed list, not free text: the reason is stored in the clear and free text invites PHI.
  reason: z.enum(["patient-request", "wrong-number", "staff-correction", "other"]),
});

/** Parses a JSON body against a schema; on failure answers 400 (not JSON) or 422 naming each field. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S, opts: { emptyAs?: unknown } = {}) {
  const text = await c.req.text();
  let raw: unknown = opts.emptyAs;
  if (text.trim() !== "" || opts.emptyAs === undefined) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false as const, response: jsonError(c, 400, "The body must be JSON.") };
    }
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true as const, data: parsed.data as z.output<S> };
  const fields = parsed.error.issues.map((issue) => {
    const field = issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.join(".") || "(body)";
    return { field, message: issue.code === "unrecognized_keys" ? "is not a field of this request" : issue.message };
  });
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  return { ok: false as const, response: jsonError(c, 422, `Invalid request: ${summary}`, { fields }) };
}

export interface ConsentView {
  id: string;
  patientRef: string;
  /** The phone is PHI and the caller already has it: only its last digits come back, to tell rows apart. */
  phoneLast4: string;
  scopes: string[];
  phiLevel: string;
  source: string;
  evidence: string | null;
  capturedBy: string | null;
  capturedAt: string;
  phoneVerified: boolean;
  revokedAt: string | null;
  revokedScopes: string[] | null;
  revokedReason: string | null;
}

export function consentView(record: ConsentRecord): ConsentView {
  return {
    id: record.id,
    patientRef: record.patientRef,
    phoneLast4: record.phone.slice(-4),
    scopes: record.scopes,
    phiLevel: record.phiLevel,
    source: record.source,
    evidence: record.evidence ?? null,
    capturedBy: record.capturedBy ?? null,
    capturedAt: record.capturedAt.toISOString(),
    phoneVerified: record.phoneVerified,
    revokedAt: record.revokedAt ? record.revokedAt.toISOString() : null,
    revokedScopes: record.revokedScopes ?? null,
    revokedReason: record.revokedReason,
  };
}
