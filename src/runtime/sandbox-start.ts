import type { Env } from "../config/env.js";
import type { PracticeConfig } from "../config/practice.js";
import { log } from "../log.js";
import { loadOrCreateAnchor, type SandboxAnchor } from "../sandbox/sandbox-anchor.js";
import { sandboxFiles, type SandboxFiles } from "../sandbox/sandbox-files.js";
import { isFullSandbox, type RuntimeModes } from "./sandbox-mode.js";

export interface Clock {
  now(): Date;
}

/**
 * MINNOW_SANDBOX_CLOCK starts the job's clock at a fixed instant (it then runs on at wall-clock
 * speed), to try the sandbox at another hour. Only the full sandbox honours it: a clock that is
 * not the real time must never decide when a real patient is texted.
 */
export function jobClock(env: Env, modes: RuntimeModes): Clock {
  const start = env.MINNOW_SANDBOX_CLOCK;
  if (!start || !isFullSandbox(modes)) return { now: () => new Date() };
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export interface SandboxStart {
  files: SandboxFiles;
  anchor: SandboxAnchor;
}

/** The sandbox EHR's files and anchor (written at the first start, read back at every later one). */
export function prepareSandbox(env: Env, now: Date): SandboxStart {
  const files = sandboxFiles(env.DATA_DIR);
  const anchor = loadOrCreateAnchor(files.anchor, now);
  log.info("sandbox.anchored", { timeZone: anchor.timeZone, anchoredAt: anchor.anchor.toISOString(), firstStart: anchor.firstStart });
  return { files, anchor };
}

/** The practice sits where the sandbox placed it, unless the config names its own zone. */
export function withSandboxZone(config: PracticeConfig, raw: unknown, timeZone: string): PracticeConfig {
  const practice = (raw as { practice?: { timeZone?: unknown } } | null)?.practice;
  if (practice?.timeZone !== undefined || config.practice.timeZone === timeZone) return config;
  return { ...config, practice: { ...config.practice, timeZone } };
}
