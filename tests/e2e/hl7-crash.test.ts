import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ackCode, readHl7Text, sendHl7 } from "../../connectors/hl7/send-message.js";
import { openStore } from "../../src/store/db.js";
import { REPO_ROOT, runCli, waitForOutput } from "../cli/run-cli.js";
import { siuText } from "../connectors/hl7/siu-builder.js";

/** Each part is a real process on one DATA_DIR, as on a practice's server. */
interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const procs: Proc[] = [];
let dataDir: string | undefined;
afterEach(() => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

function run(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const proc = { child, output: () => output, exited };
  procs.push(proc);
  return proc;
}

const waitFor = waitForOutput;

describe("e2e: HL7 durable before ACK", () => {
  it("a message acknowledged AA by a process killed -9 before applying it is applied once by the next start; `minnow sandbox hl7` prints the ACK", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "minnow-hl7-crash-"));
    const env = { DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" };
    const first = run(["tests/e2e/helpers/hl7-ack-only.ts"], env);
    const port = Number((await waitFor(first, /READY (\d+)/, 120_000))[1]);
    const now = Date.now();
    const text = siuText({ event: "S12", controlId: "CRASH-1", sent: new Date(now - 60_000), appointmentId: "FL-CRASH", start: new Date(now + 3 * 86_400_000) });
    const ack = await sendHl7({ host: "127.0.0.1", port }, readHl7Text(text));
    expect(ackCode(ack)).toBe("AA");
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = run(["src/cli/main.ts", "start"], env);
    await waitFor(second, /"event":"hl7\.message_applied"[^\n]*"controlId":"CRASH-1"/, 180_000);
    // The same running sandbox takes a sample file from `minnow sandbox hl7` and prints its ACK.
    const sample = await runCli(["sandbox", "hl7", "tests/fixtures/hl7/s12-new.hl7"], { DATA_DIR: dataDir }, 90_000);
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stdout).toMatch(/^MSA\|AA\|SYN-S12-0001/m);
    const refused = await runCli(["sandbox", "hl7", "tests/fixtures/hl7/bad-date.hl7"], { DATA_DIR: dataDir }, 90_000);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^ERR\|\|SCH\^1\^11\|102/m);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);

    const store = await openStore({ dataDir });
    try {
      const rows = await store.db.selectFrom("hl7_messages").select(["control_id", "status", "body_ct"]).where("control_id", "=", "CRASH-1").execute();
      expect(rows).toEqual([{ control_id: "CRASH-1", status: "applied", body_ct: null }]);
      const runs = await store.db.selectFrom("workflow_runs").select(["workflow_id", "input"]).where("workflow_id", "=", "appointment-reminder").execute();
      expect(runs.filter((r) => String(r.input).includes("hl7:FL-CRASH"))).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 480_000);
});
