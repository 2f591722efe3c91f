import { startMllpListener, type MllpListener } from "../../connectors/hl7/mllp-listener.js";
import type { SyncWorkflows } from "../../workflows/sync-apply.js";
import { drainHl7Inbox } from "../../workflows/hl7-apply.js";
import { ConfigError, type Env } from "../config/env.js";
import type { WorkflowDefinition } from "../engine/port.js";
import { errorKind, log } from "../log.js";
import { answerHl7Message } from "./hl7-accept.js";
import type { Services } from "./services.js";

/**
 * The HL7 SIU feed of `npm start`: the MLLP listener when HL7_MLLP_PORT is set (the sandbox
 * always has one, on a free loopback port), and the drain that applies what it committed. The
 * drain runs at start (messages acknowledged before a crash), after each new message, and every
 * minute (messages whose apply failed for a passing reason).
 */
export interface Hl7Feed {
  listener: MllpListener;
  /** Applies pending messages now; resolves when the inbox is drained. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** The workflows an applied message starts, or null when this workflow set has none of them. */
export function hl7SyncWorkflows(workflows: Record<string, WorkflowDefinition<unknown>>): SyncWorkflows | null {
  const { appointmentReminder, waitlistFill, paymentReminder, automationRun } = workflows;
  if (!appointmentReminder || !waitlistFill || !paymentReminder) return null;
  return { appointmentReminder, waitlistFill, paymentReminder, ...(automationRun ? { automationRun } : {}) } as SyncWorkflows;
}

function tlsFiles(env: Env): { certFile: string; keyFile: string } | undefined {
  if (!env.HL7_MLLP_TLS_CERT && !env.HL7_MLLP_TLS_KEY) return undefined;
  if (!env.HL7_MLLP_TLS_CERT || !env.HL7_MLLP_TLS_KEY) throw new ConfigError("HL7 over TLS needs both HL7_MLLP_TLS_CERT and HL7_MLLP_TLS_KEY (PEM file paths); set both, or neither for plain MLLP.");
  return { certFile: env.HL7_MLLP_TLS_CERT, keyFile: env.HL7_MLLP_TLS_KEY };
}

/** A drain that never runs twice at once: a request during a run runs once more after it. */
function singleFlight(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const kick = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await run();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  return kick;
}

export async function startHl7Feed(env: Env, services: Services, workflows: Record<string, WorkflowDefinition<unknown>>, opts: { sandbox: boolean }): Promise<Hl7Feed | null> {
  if (env.HL7_MLLP_PORT === undefined && !opts.sandbox) return null;
  const wf = hl7SyncWorkflows(workflows);
  if (!wf) {
    // The sandbox's listener is a convenience; a configured port with nothing to apply to is a bug.
    if (env.HL7_MLLP_PORT === undefined) return null;
    throw new Error("The workflow set lacks appointmentReminder, waitlistFill or paymentReminder; workflows/index.ts must export them.");
  }
  const drain = singleFlight(async () => {
    try {
      const summary = await drainHl7Inbox(services, wf);
      if (summary.applied + summary.stale + summary.failed + summary.retrying > 0) log.info("hl7.drained", { ...summary });
    } catch (err) {
      log.error("hl7.drain_failed", { errorKind: errorKind(err) });
    }
  });
  const tls = tlsFiles(env);
  const listener = await startMllpListener({
    host: opts.sandbox && env.HL7_MLLP_PORT === undefined ? "127.0.0.1" : env.HL7_MLLP_HOST,
    port: env.HL7_MLLP_PORT ?? 0,
    ...(tls ? { tls } : {}),
    ...(env.HL7_MLLP_ALLOW ? { allow: env.HL7_MLLP_ALLOW } : {}),
    answer: async (message) => {
      const answer = await answerHl7Message(services, message);
      if (answer.queued) void drain();
      return answer.ack;
    },
    onEvent: (event, fields) => log.warn(`hl7.${event.replace(/-/g, "_")}`, fields),
  });
  log.info("hl7.listening", { host: listener.host, port: listener.port, tls: listener.tls });
  void drain();
  const timer = setInterval(() => void drain(), 60_000);
  timer.unref();
  return {
    listener,
    drain,
    stop: async () => {
      clearInterval(timer);
      await listener.close();
      await drain();
    },
  };
}
