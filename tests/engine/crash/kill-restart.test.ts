import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/db.js";

const CHILD_SOURCE = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
// Bundled once under node_modules/.cache (so its imports resolve): `node --import tsx` works too,
// but costs about 1.5 s of CPU per start, and this test starts the child 23 times.
const CHILD = join(REPO, "node_modules", ".cache", "minnow-crash-test", `child-${process.pid}.mjs`);
const RUNS = 72;
const EFFECTS_PER_RUN = 4;
const KILLS = 22;

/** A seeded PRNG (mulberry32), so a failing schedule of kills can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The "external service": records each key when the request arrives, answers after a delay. */
function startService(rand: () => number): Promise<{ server: Server; url: string; counts: Map<string, number> }> {
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? "").replace(/^\/effects\//, ""));
    if (req.method === "POST") {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `ext-${key}` })), 40 + rand() * 80);
      return;
    }
    if (!counts.has(key)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `ext-${key}` }));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts })));
}

interface Child {
  proc: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function spawnChild(dataDir: string, url: string): Child {
  const proc = spawn(process.execPath, [CHILD, dataDir, url, String(RUNS)], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let markReady = () => undefined as void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      lines.push(line);
      if (line === "READY") markReady();
    }
  };
  proc.stdout?.on("data", onData);
  proc.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => (markReady(), resolve(code))));
  return { proc, lines, ready, exited };
}

describe("embedded engine under kill -9", () => {
  const seed = Date.now() % 2 ** 31;
  const rand = random(seed);
  let service: Awaited<ReturnType<typeof startService>>;
  const dataDir = mkdtempSync(join(tmpdir(), "minnow-crash-"));

  beforeAll(async () => {
    mkdirSync(join(CHILD, ".."), { recursive: true });
    await build({ entryPoints: [CHILD_SOURCE], outfile: CHILD, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
    service = await startService(rand);
  });
  afterAll(() => {
    service.server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(CHILD, { force: true });
  });

  it(`survives ${KILLS} SIGKILLs at random points: every effect happens exactly once and every run completes`, { timeout: 120_000 }, async () => {
    const logLines: string[] = [];
    let kills = 0;
    while (kills < KILLS) {
      const child = spawnChild(dataDir, service.url);
      await child.ready;
      await new Promise((resolve) => setTimeout(resolve, 30 + rand() * 220));
      const finished = child.lines.includes("ALL_DONE");
      child.proc.kill("SIGKILL");
      await child.exited;
      logLines.push(...child.lines);
      expect(finished, `seed ${seed}: the work finished after only ${kills} kills; give the child more runs`).toBe(false);
      expect(child.lines, `seed ${seed}`).not.toContain("FAILED");
      kills++;
    }

    const last = spawnChild(dataDir, service.url);
    const code = await last.exited;
    logLines.push(...last.lines);
    expect(code, `seed ${seed}: last child output:\n${last.lines.join("\n")}`).toBe(0);
    expect(last.lines).toContain("ALL_DONE");

    const expected = Array.from({ length: RUNS }, (_, i) => ["a", "b", "c", "d"].map((e) => `run-${i}:${e}`)).flat();
    expect(expected).toHaveLength(RUNS * EFFECTS_PER_RUN);
    const wrong = expected.filter((key) => service.counts.get(key) !== 1).map((key) => `${key}=${service.counts.get(key) ?? 0}`);
    expect(wrong, `seed ${seed}: effects not done exactly once`).toEqual([]);
    expect(service.counts.size).toBe(expected.length);

    const store = await openStore({ dataDir, fileName: "crash.sqlite" });
    try {
      const runs = await store.db.selectFrom("workflow_runs").select(["run_key", "status", "output"]).execute();
      expect(runs).toHaveLength(RUNS);
      expect(runs.filter((r) => r.status !== "completed"), `seed ${seed}`).toEqual([]);
      const outputs = new Set(runs.map((r) => r.output));
      expect(outputs.size).toBe(RUNS);
      const effects = await store.db.selectFrom("effects").select("status").where("status", "!=", "done").execute();
      expect(effects).toEqual([]);
    } finally {
      await store.close();
    }

    // The hard case must have happened: the service acted, the child died before recording it,
    // and the restart learned it from reconcile instead of calling again.
    const reconciledAsDone = logLines.filter((l) => l.includes('"effect.reconciled"') && l.includes('"happened":true')).length;
    expect(reconciledAsDone, `seed ${seed}`).toBeGreaterThan(0);
  });

  it("exits 0 on SIGTERM after releasing its runs, leaving none claimed", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "minnow-term-"));
    try {
      const child = spawnChild(dir, service.url);
      await child.ready;
      await new Promise((resolve) => setTimeout(resolve, 200));
      child.proc.kill("SIGTERM");
      expect(await child.exited).toBe(0);
      expect(child.lines.some((l) => l.includes('"engine.shutdown.done"'))).toBe(true);
      const store = await openStore({ dataDir: dir, fileName: "crash.sqlite" });
      try {
        const running = await store.db.selectFrom("workflow_runs").select("id").where("status", "=", "running").execute();
        expect(running).toEqual([]);
        const pendingEffects = await store.db.selectFrom("effects").select("key").where("status", "=", "pending").execute();
        expect(pendingEffects).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
