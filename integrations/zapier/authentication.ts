import type { Bundle, ZObject } from "./types.js";

/** API-key auth: the key goes in X-API-Key on every request (see beforeRequest in index.ts). */
export const authentication = {
  type: "custom" as const,
  fields: [
    { key: "baseUrl", label: "minnow URL", required: true, helpText: "Your minnow server, e.g. https://minnow.example-clinic.org" },
    { key: "apiKey", label: "API key", required: true, type: "password", helpText: "Create one with `minnow api-key create --scope write`." },
  ],
  // Any authenticated read proves the key: the list of event types is small and has no PHI.
  test: async (z: ZObject, bundle: Bundle) => {
    const response = await z.request({ url: `${bundle.authData.baseUrl}/api/event-types` });
    response.throwForStatus();
    return response.data;
  },
  connectionLabel: "{{bundle.authData.baseUrl}}",
};

export function addApiKey(request: { headers?: Record<string, string> }, _z: ZObject, bundle: Bundle) {
  request.headers = { ...request.headers, "X-API-Key": bundle.authData.apiKey };
  return request;
}
