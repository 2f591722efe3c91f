import { createFhirClient } from "../../connectors/fhir/client.js";
import { simulateRecipe, type SimulationRow } from "../automations/simulate.js";
import { envPracticeConfig } from "../config/practice.js";
import type { Env } from "../config/env.js";
import { createSources } from "../runtime/create-sources.js";
import { liveSandboxState, sandboxNow } from "../runtime/sandbox-state.js";
import { isFullSandbox, runtimeModes } from "../runtime/sandbox-mode.js";
import type { Services, Sources } from "../runtime/services.js";
import { getRecipe } from "../store/automation-recipes.js";
import type { Store } from "../store/db.js";
import { loadKeyring } from "../store/keyring.js";
import { loadLatestPracticeConfig } from "../store/practice-config-versions.js";
import { openStoreCrypto, type StoreCrypto } from "../store/store-crypto.js";
import { cliEnv, print, printError, withStore } from "./cli-env.js";
import { option } from "./commands.js";

/**
 * `minnow automations simulate <id> [--days 7]`: the dry run of a saved automation over the next
 * days of the real schedule (the configured EHR or Acuity, else the running sandbox), printed as a
 * table. Nothing is sent, written or started: the services it builds refuse to send or start.
 */
const refuse = (what: string) => () => Promise.reject(new Error(`A dry run never ${what}.`));

async function sourcesFor(env: Env, crypto: StoreCrypto): Promise<{ sources: Sources; now: Date } | string> {
  if (!runtimeModes(env).sandboxEhr) return { sources: (await createSources(env, crypto)).sources, now: new Date() };
  const state = liveSandboxState(env.DATA_DIR);
  if (!state?.ehrBaseUrl) return `No sandbox EHR is running from ${env.DATA_DIR}: start one with \`npm start\` (same DATA_DIR), or set FHIR_BASE_URL.`;
  return { sources: { fhir: createFhirClient({ baseUrl: state.ehrBaseUrl, auth: { type: "none" } }) }, now: sandboxNow(state) };
}

function table(rows: readonly SimulationRow[], timeZone: string): string {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  const lines = rows.map((r) => [when.format(r.at), r.who, r.stepId, r.variant, r.outcome, r.reason]);
  const header = ["When", "Who", "Step", "Language", "Outcome", "Why"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ");
  return [format(header), ...lines.map(format)].join("\n");
}

async function simulate(env: Env, store: Store, id: string, days: number): Promise<number> {
  const crypto = await openStoreCrypto(store, loadKeyring({ dataKey: env.MINNOW_DATA_KEY, dataDir: env.DATA_DIR, generateIfMissing: isFullSandbox(runtimeModes(env)) }));
  const stored = await getRecipe(store, id);
  if (!stored) {
    printError(`There is no automation "${id}". The console's Automations page lists them, with their ids.`);
    return 1;
  }
  const found = await sourcesFor(env, crypto);
  if (typeof found === "string") {
    printError(found);
    return 1;
  }
  const config = (await loadLatestPracticeConfig(store))?.config ?? envPracticeConfig(env);
  const services: Services = { env, config, store, crypto, sources: found.sources, clock: { now: () => found.now }, engine: { start: refuse("starts a workflow"), signal: refuse("signals a workflow") }, sms: { sender: "dry-run", send: refuse("sends a text"), findSent: refuse("reads the outbox") } };
  const rows = await simulateRecipe(services, stored.recipe, { days });
  print(`Dry run of "${stored.recipe.name}" (version ${stored.version}, ${stored.active ? "on" : "off"}) over the next ${days} day(s): nothing was sent.`);
  print(rows.length ? table(rows, config.practice.timeZone) : "No texts: nothing in the schedule would start this automation in that time.");
  const counts = ["would-send", "deferred", "skipped"].map((o) => `${rows.filter((r) => r.outcome === o).length} ${o}`);
  print(`${rows.length} text(s): ${counts.join(", ")}.`);
  return 0;
}

export async function runAutomationsSimulateCommand(args: string[]): Promise<number> {
  const env = cliEnv();
  const id = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--days");
  const daysText = option(args, "days") ?? "7";
  const days = Number(daysText);
  if (!id) {
    printError("Name the automation: npx minnow automations simulate <id> [--days 7]");
    return 2;
  }
  if (!Number.isInteger(days) || days < 1 || days > 90) {
    printError(`--days takes a whole number from 1 to 90 (got "${daysText}").`);
    return 2;
  }
  return withStore(env, (store) => simulate(env, store, id, days));
}
