/**
 * How the app talks to minnow: every request carries the API key, URLs are built from the
 * connection's base URL, and an error answer becomes a Zapier error that says what minnow said.
 */
import type { BeforeRequestMiddleware, Bundle, HttpResponse, ZObject } from "zapier-platform-core";

export function apiUrl(bundle: Bundle, path: string): string {
  return `${String(bundle.authData.baseUrl ?? "").trim().replace(/\/+$/, "")}/api${path}`;
}

export const addApiKey: BeforeRequestMiddleware = (request, _z, bundle) => {
  request.headers = { ...request.headers, "X-API-Key": String(bundle.authData.apiKey ?? "") };
  return request;
};

function minnowMessage(response: HttpResponse): string {
  const body: unknown = response.data;
  const error = typeof body === "object" && body !== null ? (body as { error?: { message?: unknown } }).error : undefined;
  return typeof error?.message === "string" ? error.message : `HTTP ${response.status}`;
}

/** minnow answers errors as `{ error: { status, message } }`; Zapier shows that message to the user. */
export function explainErrors(response: HttpResponse, z: ZObject): HttpResponse {
  if (response.status === 401) throw new z.errors.Error(`minnow refused the API key: ${minnowMessage(response)} Check the key in this connection (create one with \`npx minnow api-key create --scope write\`).`, "AuthenticationError", 401);
  if (response.status >= 400) throw new z.errors.Error(`minnow answered ${response.status}: ${minnowMessage(response)}`, "MinnowError", response.status);
  return response;
}

/** POSTs to one of minnow's actions; the Idempotency-Key makes a replayed Zap step act once. */
export async function postAction<T>(z: ZObject, bundle: Bundle, path: string, body: Record<string, unknown> | undefined, idempotencyKey: unknown): Promise<T> {
  const key = typeof idempotencyKey === "string" && idempotencyKey.trim() ? idempotencyKey.trim() : undefined;
  const response = await z.request({
    url: apiUrl(bundle, path),
    method: "POST",
    headers: { ...(key ? { "Idempotency-Key": key } : {}), ...(body ? { "Content-Type": "application/json" } : {}) },
    ...(body ? { body } : {}),
  });
  return response.data as T;
}

/** The optional field every create offers. */
export const idempotencyKeyField = {
  key: "idempotencyKey",
  label: "Idempotency Key",
  required: false,
  helpText: "Optional. Map the triggering event's ID here: minnow acts once per key, so a replayed step does nothing twice.",
} as const;
