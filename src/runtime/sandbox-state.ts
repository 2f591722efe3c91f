import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * Where a running sandbox can be reached, written to DATA_DIR by `minnow start` so that
 * `minnow sandbox reply` and `minnow sandbox outbox` (other processes) find the server and the
 * outbox on their random local ports. It holds no secret: the sandbox token is public by design.
 */
export const SANDBOX_STATE_FILE = "sandbox-runtime.json";

const sandboxStateSchema = z.object({
  pid: z.number().int(),
  serverUrl: z.string().url(),
  /** The number patients text back (the outbox's From). */
  sender: z.string().min(1),
  outbox: z.object({ baseUrl: z.string().url(), accountSid: z.string().min(1) }),
  ehrBaseUrl: z.string().url().optional(),
  /** The MLLP listener `minnow sandbox hl7` sends to. */
  hl7: z.object({ host: z.string().min(1), port: z.number().int(), tls: z.boolean() }).optional(),
  /** The job's clock minus the wall clock (MINNOW_SANDBOX_CLOCK), so commands see the job's "now". */
  clockOffsetMs: z.number().int().optional(),
});

export type SandboxState = z.infer<typeof sandboxStateSchema>;

export function writeSandboxState(dataDir: string, state: SandboxState): void {
  writeFileSync(join(dataDir, SANDBOX_STATE_FILE), JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
}

export function removeSandboxState(dataDir: string, pid: number): void {
  const current = readSandboxState(dataDir);
  if (current?.pid === pid) rmSync(join(dataDir, SANDBOX_STATE_FILE), { force: true });
}

/** The running sandbox's addresses, or null when none was started from this DATA_DIR. */
export function readSandboxState(dataDir: string): SandboxState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dataDir, SANDBOX_STATE_FILE), "utf8"));
  } catch {
    return null; // absent, or cut short by a crash: either way no sandbox to talk to
  }
  const parsed = sandboxStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Null when the process that wrote the state is gone (a crash leaves the file behind). */
export function liveSandboxState(dataDir: string): SandboxState | null {
  const state = readSandboxState(dataDir);
  if (!state) return null;
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    return null;
  }
}

/** The running sandbox's "now": the wall clock moved by the job's clock offset. */
export function sandboxNow(state: Pick<SandboxState, "clockOffsetMs">): Date {
  return new Date(Date.now() + (state.clockOffsetMs ?? 0));
}
