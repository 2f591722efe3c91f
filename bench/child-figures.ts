import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setLogLevel } from "../src/log.js";

/**
 * A bench that measures a process's own peak RSS runs its work in a child: the parent spawns the
 * same file with `--child <arg>`, the child prints its figures as one JSON line and the parent reads
 * them back.
 */
const CHILD_FLAG = "--child";

/** The child's argument when this process is such a child, else undefined. */
export function childArgument(): string | undefined {
  const at = process.argv.indexOf(CHILD_FLAG);
  return at >= 0 ? (process.argv[at + 1] ?? "") : undefined;
}

/** In the child: runs the work quietly and prints its figures with the peak RSS (MiB). */
export async function printChildFigures(work: () => Promise<object>): Promise<void> {
  setLogLevel("error");
  const figures = await work();
  console.log(JSON.stringify({ ...figures, rssMiB: process.resourceUsage().maxRSS / 1024 }));
}

/** In the parent: runs the module at `moduleUrl` as a child and returns what it printed. */
export function spawnChildFigures<T>(moduleUrl: string, arg: string, label: string): Promise<T & { rssMiB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(moduleUrl), CHILD_FLAG, arg], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        const figures = JSON.parse(out.trim().split("\n").pop() ?? "") as T & { rssMiB: number };
        if (code === 0) resolve(figures);
        else reject(new Error(`${label} child exited with ${code}`));
      } catch (err) {
        reject(new Error(`${label} child printed no figures (exit ${code})`, { cause: err }));
      }
    });
  });
}
