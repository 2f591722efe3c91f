import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../src/store/audit-log.js";
import { openStore } from "../../src/store/db.js";
import { tempDir, type TempDir } from "../runtime/helpers.js";
import { runCli } from "./run-cli.js";

let dir: TempDir;
afterEach(() => dir?.cleanup());

async function seedAudit(dataDir: string, count: number): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    for (let i = 1; i <= count; i++) {
      await appendAudit(store, { actor: "workflow:appointment-reminder", action: "message.sent", subjectRef: `appt-${i}`, decision: "allow", details: { runId: `run-${i}` } });
    }
  } finally {
    await store.close();
  }
}

describe("minnow audit verify", { timeout: 60_000 }, () => {
  it("reports an intact chain and exits 0, then names the tampered row and exits 1", async () => {
    dir = tempDir();
    await seedAudit(dir.dir, 3);
    const intact = await runCli(["audit", "verify"], { DATA_DIR: dir.dir });
    expect(intact.stdout).toMatch(/audit log ok: 3 row\(s\) verified/);
    expect(intact.code).toBe(0);

    const db = new BetterSqlite3(join(dir.dir, "minnow.sqlite"));
    db.prepare("update audit_log set decision = 'deny' where seq = 2").run();
    db.close();
    const tampered = await runCli(["audit", "verify"], { DATA_DIR: dir.dir });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/audit log BROKEN at row 2: row 2 does not match its hash/);
  });

  it("names a deleted row", async () => {
    dir = tempDir();
    await seedAudit(dir.dir, 3);
    const db = new BetterSqlite3(join(dir.dir, "minnow.sqlite"));
    db.prepare("delete from audit_log where seq = 2").run();
    db.close();
    const result = await runCli(["audit", "verify"], { DATA_DIR: dir.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/row 2 is missing/);
  });
});
