import type { Env } from "../config/env.js";
import type { WorkflowDefinition } from "../engine/port.js";
import { applyTriggerSettings } from "../engine/trigger/index.js";
import { errorKind, log } from "../log.js";
import { startHookWorker } from "../hooks/worker.js";
import { inboundRouter, recoverUnroutedInbound } from "../messaging/inbound/inbound-router.js";
import { createMainApp } from "../server/main-app.js";
import { createServices, type RuntimeServices, type WorkflowFactory } from "./create-services.js";
import { startHl7Feed, type Hl7Feed } from "./hl7-feed.js";
import { listen } from "./listen.js";
import { isFullSandbox } from "./sandbox-mode.js";
import { sandboxManagerLink } from "../console/sign-in-links.js";
import { startRetentionWorker } from "./retention-worker.js";
import { takeSqliteStartLock } from "./sqlite-start-lock.js";
import { removeSandboxState, writeSandboxState } from "./sandbox-state.js";

export interface MainJob {
  /** The local address the server listens on. */
  url: string;
  runtime: RuntimeServices;
  /** The HL7 SIU listener, when HL7_MLLP_PORT is set or the sandbox runs. */
  hl7: Hl7Feed | null;
  /** In the sandbox: a one-time link that signs the sandbox practice manager in to the console. */
  consoleSignInLink?: string;
  /** Stops taking work, lets in-flight steps finish, then closes the server and everything opened. */
  stop(): Promise<void>;
}

export interface MainJobOptions {
  workflows: WorkflowFactory;
  sandboxNow?: Date;
  clock?: { now(): Date };
}

function syncWorkflow(workflows: Record<string, WorkflowDefinition<unknown>>): WorkflowDefinition<unknown> {
  const sync = workflows.sync;
  if (!sync) throw new Error("The workflow set has no `sync` workflow; workflows/index.ts must export it from buildWorkflows.");
  return sync;
}

/**
 * The first sync runs now rather than at the next cron tick. On the embedded engine the cron
 * catch-up (the latest tick not yet run) is that sync; after a restart within the same
 * interval there is none, so a one-off run is started instead. Either way: exactly one.
 */
async function firstSync(runtime: RuntimeServices, now: Date): Promise<void> {
  const sync = syncWorkflow(runtime.workflows);
  if (runtime.runtimeEngine.kind === "embedded" && (await runtime.runtimeEngine.engine.tickSchedules(now)) > 0) return;
  await runtime.services.engine.start(sync, {}, { key: `startup:${now.toISOString()}` });
}

/**
 * `npm start`: the HTTP server on PORT, the engine's worker (embedded) or the Trigger.dev
 * client, the sync cron plus an immediate first sync. Every part is real when configured and
 * the sandbox otherwise.
 */
export async function startMainJob(env: Env, opts: MainJobOptions): Promise<MainJob> {
  const sandboxOnly = !env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN;
  // One process per SQLite store; processes on one Postgres share it (see src/store/process-lock.ts).
  const startLock = env.DATABASE_URL ? undefined : takeSqliteStartLock(env.DATA_DIR);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    // The sandbox accepts webhooks signed with a public token: never expose it beyond this machine.
    server = await listen(env.PORT, sandboxOnly ? "127.0.0.1" : undefined);
  } catch (err) {
    startLock?.release();
    throw err;
  }
  const url = `http://127.0.0.1:${server.port}`;
  let runtime: RuntimeServices;
  try {
    runtime = await createServices({ env, publicUrl: url, workflows: opts.workflows, ...(opts.sandboxNow ? { sandboxNow: opts.sandboxNow } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
  } catch (err) {
    await server.close();
    startLock?.release();
    throw err;
  }
  server.setHandler(createMainApp(runtime.services).fetch);
  let hl7: Hl7Feed | null;
  try {
    hl7 = await startHl7Feed(env, runtime.services, runtime.workflows, { sandbox: Boolean(runtime.sandboxEhr) });
  } catch (err) {
    await server.close();
    await runtime.close();
    startLock?.release();
    throw err;
  }
  if (runtime.outbox) {
    writeSandboxState(env.DATA_DIR, {
      pid: process.pid,
      serverUrl: url,
      sender: runtime.services.sms.sender,
      outbox: { baseUrl: runtime.outbox.fake.baseUrl, accountSid: runtime.outbox.accountSid },
      ...(runtime.sandboxEhr ? { ehrBaseUrl: runtime.sandboxEhr.baseUrl } : {}),
      ...(hl7 ? { hl7: { host: hl7.listener.host, port: hl7.listener.port, tls: hl7.listener.tls } } : {}),
      clockOffsetMs: Math.round(runtime.services.clock.now().getTime() - Date.now()),
    });
  }
  log.info("server.listening", { port: server.port });
  const consoleSignInLink = isFullSandbox(runtime.modes) ? await sandboxManagerLink(runtime.services, env.PUBLIC_URL ?? url) : undefined;

  const { runtimeEngine } = runtime;
  if (runtimeEngine.kind === "trigger" && env.TRIGGER_SECRET_KEY) {
    // Schedules and limits follow the config; Trigger.dev keeps the last ones applied, so a failure here is retried at the next start.
    await applyTriggerSettings({ workflows: Object.values(runtime.workflows), config: runtime.services.config, secretKey: env.TRIGGER_SECRET_KEY }).catch((err: unknown) =>
      log.error("engine.trigger.settings_failed", { errorKind: errorKind(err) }),
    );
  }
  try {
    // Before the worker: its first poll would tick the cron itself, and then both would start a sync.
    await firstSync(runtime, runtime.services.clock.now());
  } catch (err) {
    // The cron tries again at its next tick; a failed first start is not a reason to stop.
    log.error("sync.first_start_failed", { errorKind: errorKind(err) });
  }
  if (runtimeEngine.kind === "embedded") runtimeEngine.engine.startWorker();
  const hooks = startHookWorker(runtime.services);
  const replies = inboundRouter(runtime.services);
  // Replies recorded but not routed when a previous process stopped are routed now, then every minute.
  const rerouteUnrouted = () =>
    recoverUnroutedInbound(runtime.services).catch((err: unknown) => log.warn("inbound.recover_failed", { errorKind: errorKind(err) }));
  void rerouteUnrouted();
  const rerouteTimer = setInterval(rerouteUnrouted, 60_000);
  rerouteTimer.unref();
  const retention = startRetentionWorker(runtime.services);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(rerouteTimer);
      await retention.stop();
      await hooks.stop();
      await hl7?.stop();
      await server.close().catch((err: unknown) => log.warn("server.close_failed", { errorKind: errorKind(err) }));
      await replies.idle();
      if (runtimeEngine.kind === "embedded") await runtimeEngine.engine.stop();
      await runtime.close();
      startLock?.release();
      if (runtime.outbox) removeSandboxState(env.DATA_DIR, process.pid);
      log.info("runtime.stopped", {});
    })();
    return stopping;
  };
  return { url, runtime, hl7, stop, ...(consoleSignInLink ? { consoleSignInLink } : {}) };
}
