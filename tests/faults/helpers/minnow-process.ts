import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * The real `minnow start` (src/cli/main.ts) as a child process the fault tests can SIGKILL.
 * Bundled once under node_modules/.cache so its imports resolve: `tsx` costs about 1.5 s of CPU
 * per start, and these tests start it many times (the pattern of tests/engine/crash).
 */
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const ENTRY = join(REPO, "src", "cli", "main.ts");

export interface MinnowProcess {
  proc: ChildProcess;
  /** Every stdout and stderr line so far (JSON log lines and the banner). */
  lines: string[];
  /** Resolves when the server listens, or when the process exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

export async function bundleMinnow(tag: string): Promise<string> {
  const outfile = join(REPO, "node_modules", ".cache", "minnow-faults", `minnow-${tag}-${process.pid}.mjs`);
  mkdirSync(join(outfile, ".."), { recursive: true });
  await build({ entryPoints: [ENTRY], outfile, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
  return outfile;
}

export function removeBundle(file: string): void {
  rmSync(file, { force: true });
}

export function spawnMinnow(bundle: string, env: Record<string, string>, args: string[] = ["start"]): MinnowProcess {
  const proc = spawn(process.execPath, [...(process.env.FAULT_NODE_ARGS ? process.env.FAULT_NODE_ARGS.split(" ") : []), bundle, ...args], { cwd: REPO, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let partial = "";
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts.filter(Boolean)) {
      lines.push(line);
      if (line.includes('"server.listening"')) markReady();
    }
  };
  proc.stdout?.on("data", onData);
  proc.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) =>
    proc.on("exit", (code) => {
      if (partial) lines.push(partial);
      markReady();
      resolve(code);
    }),
  );
  return {
    proc,
    lines,
    ready,
    exited,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}

/** Lines that are JSON log records with this event name. */
export function events(lines: readonly string[], event: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of lines) {
    if (!line.includes(`"${event}"`)) continue;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.event === event) out.push(parsed);
    } catch {
      continue; // the banner, not a log record
    }
  }
  return out;
}
