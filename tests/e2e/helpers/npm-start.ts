import { spawn, type ChildProcess } from "node:child_process";
import { REPO_ROOT } from "../../cli/run-cli.js";

/** `npm start` as a newcomer runs it (the real npm, so signals go through npm as they do in a terminal). */
export interface NpmStart {
  child: ChildProcess;
  startedAt: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function npmStart(env: Record<string, string>): NpmStart {
  const startedAt = Date.now();
  const child = spawn("npm", ["start"], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, startedAt, output: () => output, exited };
}

/** The JSON log lines of one event, parsed. */
export function logLines(output: string, event: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{") && line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Polls until `check` returns a value, or fails with the job's last output. */
export async function eventually<T>(job: NpmStart, what: string, check: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline || job.child.exitCode !== null) throw new Error(`${what} did not happen within ${ms} ms:\n${job.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
