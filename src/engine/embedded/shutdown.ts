import { errorKind, log } from "../../log.js";
import type { EmbeddedEngine } from "./types.js";

export interface GracefulShutdownOptions {
  /** Runs after the engine stopped (e.g. close the store and the HTTP server). */
  onStopped?: () => Promise<void>;
  /** Exit the process once stopped (default true). */
  exit?: boolean;
  signals?: NodeJS.Signals[];
}

/**
 * On SIGTERM (and SIGINT), stops claiming runs, lets in-flight steps finish and releases their
 * runs, then exits 0. A second signal exits at once: leases make that safe too. Returns an
 * uninstall function.
 */
export function installGracefulShutdown(engine: Pick<EmbeddedEngine, "stop">, opts: GracefulShutdownOptions = {}): () => void {
  const signals = opts.signals ?? ["SIGTERM", "SIGINT"];
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn("engine.shutdown.forced", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("engine.shutdown.started", { signal });
    engine
      .stop()
      .then(() => opts.onStopped?.())
      .then(
        () => {
          log.info("engine.shutdown.done", { signal });
          if (opts.exit ?? true) process.exit(0);
        },
        (err: unknown) => {
          log.error("engine.shutdown.failed", { signal, errorKind: errorKind(err) });
          if (opts.exit ?? true) process.exit(1);
        },
      );
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
