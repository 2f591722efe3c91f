/**
 * minnow for Zapier: REST-hook triggers for minnow's events (with a polling fallback) and creates
 * for its actions, over minnow's automation API (`/api`) with an API key.
 */
import { createRequire } from "node:module";
import zapier from "zapier-platform-core";
import { authentication } from "./authentication.js";
import { creates } from "./creates/index.js";
import { addApiKey, explainErrors } from "./minnow-api.js";
import { triggers } from "./triggers/index.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

const byKey = <T extends { key: string }>(items: readonly T[]): Record<string, T> => Object.fromEntries(items.map((item) => [item.key, item]));

export default zapier.defineApp({
  version,
  platformVersion: zapier.version,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [explainErrors],
  triggers: byKey(triggers),
  creates: byKey(creates),
  searches: {},
  // Every call goes through z.request, which Zapier logs anyway; patching Node's http module for
  // logging adds nothing here and breaks the three-argument http.request(url, options, callback).
  flags: { skipHttpPatch: true },
});
