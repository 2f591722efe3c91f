/** A connection is a minnow server's URL and an API key; any authenticated read proves both. */
import type { Bundle, ZObject } from "zapier-platform-core";
import { apiUrl } from "./minnow-api.js";

export const authentication = {
  type: "custom" as const,
  fields: [
    { key: "baseUrl", label: "minnow URL", required: true, type: "string" as const, helpText: "Your minnow server, e.g. `https://minnow.example-clinic.org`." },
    { key: "apiKey", label: "API Key", required: true, type: "password" as const, helpText: "Create one on the server with `npx minnow api-key create --scope write --label zapier`." },
  ],
  // The event types are a small read with no patient data in it.
  test: async (z: ZObject, bundle: Bundle) => {
    const response = await z.request({ url: apiUrl(bundle, "/event-types") });
    return response.data as { types: Array<{ type: string }> };
  },
  connectionLabel: "{{bundle.authData.baseUrl}}",
};
