import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../src/sandbox/fake-twilio.js";
import { verifyAudit } from "../../src/store/audit-verify.js";
import { FAULT_BASE, openFaultRuntime, type FaultRuntime } from "./helpers/fault-runtime.js";
import { FAULT_TWILIO } from "./helpers/kill-env.js";
import { bundleMinnow, removeBundle, spawnMinnow } from "./helpers/minnow-process.js";
import { countByPhone, notExactlyOnce, startFaultPractice, type FaultPractice } from "./helpers/practice.js";

/**
 * The database cannot be written: `minnow start` refuses with an error naming DATA_DIR, and a
 * disk that fills mid-run fails the writes loudly, loses nothing and corrupts nothing.
 * (Tests run as root in CI, where chmod does not stop writes: a file in the way, and a read-only
 * tmpfs where mounting is permitted, make the directory really unwritable.)
 */
function tryMount(dir: string, options: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("an unwritable DATA_DIR stops minnow start with a clear error", () => {
  let bundle: string;
  const root = mkdtempSync(join(tmpdir(), "minnow-fault-db-"));
  const readOnly = join(root, "ro");
  mkdirSync(readOnly);
  const mounted = tryMount(readOnly, "ro,size=1m");

  beforeAll(async () => {
    bundle = await bundleMinnow("db");
  });
  afterAll(() => {
    if (mounted) execFileSync("umount", [readOnly]);
    rmSync(root, { recursive: true, force: true });
    if (bundle) removeBundle(bundle);
  });

  const cases = [
    { name: "a path through a regular file", dataDir: () => (writeFileSync(join(root, "file"), "x"), join(root, "file", "data")) },
    ...(mounted ? [{ name: "a read-only filesystem", dataDir: () => readOnly }] : []),
  ];
  it.each(cases)("$name", async ({ dataDir }) => {
    const dir = dataDir();
    const child = spawnMinnow(bundle, { DATA_DIR: dir, PORT: "0", LOG_LEVEL: "warn" });
    const timer = setTimeout(() => child.proc.kill("SIGKILL"), 30_000);
    const code = await child.exited;
    clearTimeout(timer);
    expect(code, child.lines.join("\n")).toBe(1);
    const last = child.lines.find((l) => l.startsWith("minnow: ")) ?? "";
    // One line that names the place (DATA_DIR or a file in it) and what to do, not a stack trace.
    expect(last).toContain(dir);
    expect(last).toMatch(/DATA_DIR|permissions|writable/);
    expect(child.lines.some((l) => l.includes('"server.listening"') && !l.includes("closed"))).toBe(false);
  });
});

describe("a full disk during a fan-out", () => {
  let practice: FaultPractice;
  let twilio: FakeTwilio;
  let runtime: FaultRuntime;
  const REMINDERS = 30;
  // A run whose failure could not be written while the disk was full stays claimed until its lease lapses.
  const LEASE_MS = 1_000;

  beforeAll(async () => {
    practice = await startFaultPractice(REMINDERS, { now: FAULT_BASE });
    twilio = await startFakeTwilio({ accountSid: FAULT_TWILIO.accountSid, authToken: FAULT_TWILIO.authToken });
    runtime = await openFaultRuntime({ fhirBaseUrl: practice.ehr.baseUrl, twilioBaseUrl: twilio.baseUrl, leaseMs: LEASE_MS });
  });
  afterAll(async () => {
    await runtime?.dispose();
    await twilio?.close();
    await practice?.ehr.close();
  });

  it("fails writes loudly while full, then sends every reminder exactly once with the database intact", async () => {
    const { db } = runtime.services.store;
    // SQLite refuses to grow past max_page_count with SQLITE_FULL, exactly as on a full disk.
    const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(db);
    const full = Number(pages.rows[0]?.page_count ?? 0) + 2;
    await sql.raw(`PRAGMA max_page_count = ${full}`).execute(db);
    // The engine's own writes fail too: `drain` throws where the worker loop would log and retry.
    const thrown = await runtime.syncRounds(3).then(() => "", (err: unknown) => String(err));
    const sentWhileFull = twilio.messages().length;
    const errors = runtime.logs.filter((l) => l.level === "error" || l.level === "warn").map((l) => `${l.event}:${String(l.fields.errorKind ?? "")}`);
    expect(`${thrown}\n${errors.join("\n")}`).toMatch(/disk is full|SQLITE_FULL/);
    expect(sentWhileFull).toBeLessThan(REMINDERS);

    await sql.raw("PRAGMA max_page_count = 1073741823").execute(db);
    await new Promise((r) => setTimeout(r, LEASE_MS + 100));
    await runtime.syncRounds(10, () => new Set(twilio.messages().map((m) => m.to)).size >= REMINDERS);
    expect(notExactlyOnce(practice.phones, countByPhone(twilio.messages()))).toEqual([]);
    const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    expect(integrity.rows.map((r) => r.integrity_check)).toEqual(["ok"]);
    expect((await verifyAudit(runtime.services.store)).ok).toBe(true);
    const rows = await db.selectFrom("outbound_messages").select(["provider_sid"]).execute();
    expect(rows.filter((r) => r.provider_sid)).toHaveLength(REMINDERS);
  });
});
