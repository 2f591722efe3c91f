/** The app as Zapier loads it (the package entry), run through zapier-platform-core's app tester. */
import zapier, { type Bundle, type ZObject } from "zapier-platform-core";
import App from "../index.js";
import type { Sandbox } from "../../test-kit/sandbox.js";

export { App };

export type MinnowEvent = { id: string; type: string; occurredAt: string; refs: Record<string, string> };

const tester = zapier.createAppTester(App);

/** Runs the app's function at `path` (e.g. "creates.sync_now.operation.perform") as Zapier would. */
export function run<T>(path: string, bundle: Record<string, unknown>): Promise<T> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], App);
  if (typeof fn !== "function") throw new Error(`The app has no function at ${path}`);
  return tester(fn as (z: ZObject, bundle: Bundle) => Promise<T>, bundle);
}

/** Each trigger's key and the event type and sample it declares. */
export const triggerSpecs = Object.entries(App.triggers).map(([key, trigger]) => {
  const sample = trigger.operation.sample as MinnowEvent;
  return { key, event: sample.type, sample };
});

export const authData = (sandbox: Sandbox, apiKey = sandbox.apiKey) => ({ baseUrl: sandbox.baseUrl, apiKey });
