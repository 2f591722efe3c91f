/**
 * A sample Zapier app for minnow (Zapier Platform CLI shape, as plain objects). Triggers are REST
 * hooks with a performList fallback; creates call minnow's actions. To publish it, copy this folder
 * into a `zapier init` project, add zapier-platform-core, and export `app` as the module.
 */
import { addApiKey, authentication } from "./authentication.js";
import { creates } from "./creates/index.js";
import { triggers } from "./triggers/index.js";

const byKey = <T extends { key: string }>(items: readonly T[]): Record<string, T> => Object.fromEntries(items.map((item) => [item.key, item]));

export const app = {
  version: "0.1.0",
  platformVersion: "15.0.0",
  authentication,
  beforeRequest: [addApiKey],
  triggers: byKey(triggers),
  creates: byKey(creates),
  searches: {},
};

export default app;
