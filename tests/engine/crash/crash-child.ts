/**
 * The process the crash test kills: an embedded engine on a SQLite file, running workflows of
 * several effect steps and a sleep. Each effect calls the test's local "external service" under
 * withEffect, reconciling through the service's record of keys it has seen.
 * Usage: node --import tsx crash-child.ts <dataDir> <serviceUrl> <runCount>
 */
import { z } from "zod";
import { withEffect } from "../../../src/engine/effects.js";
import { createEmbeddedEngine, installGracefulShutdown } from "../../../src/engine/embedded/index.js";
import { defineWorkflow, ref, type Step } from "../../../src/engine/port.js";
import { openStore } from "../../../src/store/db.js";

const [dataDir = "", serviceUrl = "", runCountRaw = "0"] = process.argv.slice(2);
const store = await openStore({ dataDir, fileName: "crash.sqlite" });

async function callService(key: string): Promise<{ id: string }> {
  const res = await fetch(`${serviceUrl}/effects/${encodeURIComponent(key)}`, { method: "POST" });
  if (!res.ok) throw new Error(`service refused ${key}: ${res.status}`);
  return (await res.json()) as { id: string };
}

async function askService(key: string): Promise<{ id: string } | undefined> {
  const res = await fetch(`${serviceUrl}/effects/${encodeURIComponent(key)}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`service lookup failed for ${key}: ${res.status}`);
  return (await res.json()) as { id: string };
}

const effect = (step: Step, name: string, key: string) =>
  step.run(name, () => withEffect(store, key, () => callService(key), { reconcile: () => askService(key) }));

const workflow = defineWorkflow({
  id: "crash-demo",
  input: z.object({ ref: ref() }),
  async run({ ref: r }, step) {
    const a = await effect(step, "charge", `${r}:a`);
    const b = await effect(step, "notify", `${r}:b`);
    await step.sleepUntil("pause", new Date(step.now().getTime() + 150));
    const c = await effect(step, "confirm", `${r}:c`);
    const d = await effect(step, "write-back", `${r}:d`);
    return [a.id, b.id, c.id, d.id];
  },
});

const engine = createEmbeddedEngine({ store, workflows: [workflow], concurrency: 4, pollIntervalMs: 20, leaseMs: 600, retry: { minDelayMs: 50 } });
installGracefulShutdown(engine, { onStopped: () => store.close() });
for (let i = 0; i < Number(runCountRaw); i++) await engine.start(workflow, { ref: `run-${i}` }, { key: `run-${i}` });
engine.startWorker();
console.log("READY");

for (;;) {
  const runs = await engine.listRuns();
  if (runs.some((r) => r.status === "failed")) {
    console.log("FAILED");
    process.exit(1);
  }
  if (runs.every((r) => r.status === "completed")) break;
  await new Promise((resolve) => setTimeout(resolve, 25));
}
await engine.stop();
await store.close();
console.log("ALL_DONE");
