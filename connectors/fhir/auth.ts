import { z } from "zod";

/**
 * How minnow authenticates to a FHIR server: nothing (a local sandbox), a static bearer token,
 * or SMART Backend Services (a signed JWT client assertion exchanged for short-lived tokens).
 */
export const smartAuthSchema = z.object({
  type: z.literal("smart"),
  clientId: z.string().min(1),
  /** PKCS#8 or SEC1/PKCS#1 PEM; its key type decides RS384 (RSA) or ES384 (P-384). */
  privateKey: z.string().includes("PRIVATE KEY", { message: "privateKey must be a PEM private key" }),
  /** The `kid` of the matching public key in the JWKS registered with the EHR. */
  keyId: z.string().min(1),
  alg: z.enum(["RS384", "ES384"]).optional(),
  scope: z.string().min(1).default("system/Appointment.rus system/Patient.rs system/Invoice.rs system/Communication.c"),
  /** Skips discovery through `.well-known/smart-configuration` when set. */
  tokenUrl: z.url().optional(),
});

export const fhirAuthSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({ type: z.literal("bearer"), token: z.string().min(1) }),
  smartAuthSchema,
]);

/** The manifest's auth: where the server is and how to authenticate to it. */
export const fhirConnectionSchema = z.object({
  baseUrl: z.url(),
  auth: fhirAuthSchema.default({ type: "none" }),
  timeoutMs: z.number().int().positive().default(15_000),
});

export type SmartAuth = z.infer<typeof smartAuthSchema>;
export type FhirAuth = z.infer<typeof fhirAuthSchema>;
export type FhirConnection = z.infer<typeof fhirConnectionSchema>;
export type FhirConnectionInput = z.input<typeof fhirConnectionSchema>;
