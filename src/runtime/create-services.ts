import { seedRecipesAtStart } from "../automations/seed-recipes.js";
import type { Env } from "../config/env.js";
import type { WorkflowDefinition } from "../engine/port.js";
import { errorKind, log } from "../log.js";
import type { SandboxEhr } from "../sandbox/ehr-server.js";
import { openStore } from "../store/db.js";
import { withProcessLock } from "../store/process-lock.js";
import { loadKeyring } from "../store/keyring.js";
import { openStoreCrypto } from "../store/store-crypto.js";
import { auditConfigStatements } from "./audit-config-statements.js";
import { recordTemplatesOf } from "./config-change.js";
import { CONFIG_FILE_ACTOR, finishRuntimeConfig, loadWorkerConfig, readMainJobConfig, storeMainJobConfig } from "./create-config.js";
import { createEngine, type RuntimeEngine } from "./create-engine.js";
import { limitExternalCalls } from "./call-limits.js";
import { createSms, type RuntimeSms } from "./create-sms.js";
import { createSources } from "./create-sources.js";
import { assertWorkerConnected, isFullSandbox, runtimeModes, type RuntimeModes } from "./sandbox-mode.js";
import { jobClock, prepareSandbox, withSandboxZone } from "./sandbox-start.js";
import type { Services } from "./services.js";
import type { SandboxAnchor } from "../sandbox/sandbox-anchor.js";

/** Held while a main job stores its config file's versions and seeds its automations. */
const START_SEED_LOCK = "main-job-start-seed";

/** Matches workflows/index.ts `buildWorkflows`; the cron interval comes from the practice config. */
export type WorkflowFactory = (getServices: () => Services, opts: { syncIntervalMinutes: number }) => Record<string, WorkflowDefinition<unknown>>;

export interface CreateServicesOptions {
  env: Env;
  /** Where Twilio posts status callbacks: PUBLIC_URL, else the local server once it listens. */
  publicUrl?: string;
  /** Builds the workflows over the services being created (they need each other). */
  workflows: WorkflowFactory;
  /** The sandbox EHR's "now" (tests); defaults to the real time. */
  sandboxNow?: Date;
  /** The job's clock (tests run a day at a fixed time of day); defaults to the real time. */
  clock?: { now(): Date };
  /**
   * "main" (default): the job itself, whose config file is stored as the practice config.
   * "worker": a Trigger.dev task machine, which reads the stored config and never runs on the sandbox unasked.
   */
  role?: "main" | "worker";
}

export interface RuntimeServices {
  services: Services;
  modes: RuntimeModes;
  runtimeEngine: RuntimeEngine;
  workflows: Record<string, WorkflowDefinition<unknown>>;
  sandboxEhr?: SandboxEhr;
  outbox?: RuntimeSms["outbox"];
  /** Where and when the sandbox EHR's schedule is anchored (the main job on the sandbox EHR). */
  sandboxAnchor?: SandboxAnchor;
  /** Closes what was opened, newest first. Stop the engine's worker before calling it. */
  close(): Promise<void>;
}

/**
 * Builds everything the job needs from the environment: each part is real when configured and
 * the sandbox otherwise (see sandbox-mode.ts). A failure part-way closes what was opened.
 */
export async function createServices(opts: CreateServicesOptions): Promise<RuntimeServices> {
  const { env } = opts;
  const modes = runtimeModes(env);
  const role = opts.role ?? "main";
  if (role === "worker") assertWorkerConnected(env, modes);
  // The main job's config is checked before anything opens; a worker's comes from the store.
  const mainConfig = role === "main" ? readMainJobConfig(env, modes) : undefined;
  const clock = opts.clock ?? jobClock(env, modes);
  // The main job's sandbox EHR keeps its state in DATA_DIR, anchored to its first start.
  const sandbox = mainConfig && modes.sandboxEhr ? prepareSandbox(env, opts.sandboxNow ?? clock.now()) : undefined;
  const ring = loadKeyring({ dataKey: env.MINNOW_DATA_KEY, dataDir: env.DATA_DIR, generateIfMissing: isFullSandbox(modes) });
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer().catch((err: unknown) => log.warn("runtime.close_failed", { errorKind: errorKind(err) }));
  };
  try {
    const store = await openStore({ dataDir: env.DATA_DIR, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
    closers.push(() => store.close());
    // Two main jobs starting together on one Postgres store save the file's versions once.
    const stored = mainConfig ? await withProcessLock(store, START_SEED_LOCK, async () => {
      const latest = await storeMainJobConfig(store, mainConfig.raw, new Date());
      await recordTemplatesOf(store, latest);
      return latest;
    }) : undefined;
    // A console edit newer than the file runs; otherwise the file's config, already checked.
    const consoleEdit = stored && stored.createdBy !== CONFIG_FILE_ACTOR ? finishRuntimeConfig(stored.config, modes) : undefined;
    const baseConfig = consoleEdit ?? mainConfig?.config ?? (await loadWorkerConfig(env, store, modes)).config;
    // The sandbox practice sits in the zone its first start chose, unless the config names one.
    const config = sandbox && mainConfig ? withSandboxZone(baseConfig, consoleEdit && stored ? stored.raw : mainConfig.raw, sandbox.anchor.timeZone) : baseConfig;
    const crypto = await openStoreCrypto(store, ring);
    const sandboxEhr = sandbox
      ? { now: sandbox.anchor.anchor, timeZone: sandbox.anchor.timeZone, stateFile: sandbox.files.ehr, clock: () => clock.now() }
      : opts.sandboxNow ? { now: opts.sandboxNow } : {};
    const sources = await createSources(env, crypto, sandboxEhr);
    closers.push(() => sources.close());
    const sms = await createSms(env, { publicUrl: env.PUBLIC_URL ?? opts.publicUrl, sandboxFrom: config.practice.phone, ...(sandbox ? { stateFile: sandbox.files.outbox } : {}) });
    closers.push(() => sms.close());

    let services: Services | undefined;
    const workflows = opts.workflows(() => {
      if (!services) throw new Error("A workflow ran before the services were built; start the engine's worker after createServices returns.");
      return services;
    }, { syncIntervalMinutes: config.sync.intervalMinutes });
    const runtimeEngine = createEngine(env, store, Object.values(workflows), clock, { onTriggerWorker: role === "worker" });
    const limited = limitExternalCalls(sources.sources, sms.sms, config.queues);
    services = { env, config, store, crypto, engine: runtimeEngine.engine, sms: limited.sms, sources: limited.sources, clock };
    // The main job's config is the source of what workers run with, so only it audits the statements.
    if (mainConfig) {
      const started = services;
      await withProcessLock(store, START_SEED_LOCK, async () => {
        await auditConfigStatements(started);
        await seedRecipesAtStart(started);
      });
    }
    log.info("runtime.services_ready", {
      ehr: modes.sandboxEhr ? "sandbox" : [sources.sources.fhir ? "fhir" : "", sources.sources.acuity ? "acuity" : ""].filter(Boolean).join("+"),
      sms: modes.sandboxSms ? "sandbox-outbox" : "twilio",
      engine: runtimeEngine.kind,
      store: store.dialect,
    });
    return {
      services,
      modes,
      runtimeEngine,
      workflows,
      ...(sources.sandboxEhr ? { sandboxEhr: sources.sandboxEhr } : {}),
      ...(sms.outbox ? { outbox: sms.outbox } : {}),
      ...(sandbox ? { sandboxAnchor: sandbox.anchor } : {}),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
