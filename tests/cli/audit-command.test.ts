import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../src/store/audit-log.js";
import { parseKeyMaterial } from "../../src/store/keyring.js";
import { openStoreCrypto } from "../../src/store/store-crypto.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";
import { deleteAuditRows, dropAuditGuards, rebuildChainFrom } from "../store/audit-attacker.js";
import { KEY_A } from "../store/fixture.js";
import { runCli } from "./run-cli.js";

let store: TestStore | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

async function seededStore(dialect: "sqlite" | "postgres", count: number): Promise<TestStore> {
  const opened = await openTestStore(dialect);
  await openStoreCrypto(opened, parseKeyMaterial(KEY_A));
  for (let i = 1; i <= count; i++) {
    await appendAudit(opened, { actor: "workflow:appointment-reminder", action: "message.sent", subjectRef: `appt-${i}`, decision: "allow", details: { runId: `run-${i}` } });
  }
  return opened;
}

function verify(target: TestStore) {
  return runCli(["audit", "verify"], { DATA_DIR: target.dataDir, MINNOW_DATA_KEY: KEY_A, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}) });
}

describe.each(testDialects())("minnow audit verify on %s", { timeout: 60_000 }, (dialect) => {
  it("reports an intact chain and exits 0, then names a directly edited row and exits 1", async () => {
    store = await seededStore(dialect, 3);
    const intact = await verify(store);
    expect(intact.stdout).toMatch(/audit log ok: 3 row\(s\) verified through row 3, chain head [0-9a-f]{16}…/);
    expect(intact.code).toBe(0);

    await dropAuditGuards(store);
    await sql`update audit_log set decision = 'deny' where seq = 2`.execute(store.db);
    const tampered = await verify(store);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/audit log BROKEN at row 2: row 2 does not match its hash/);
  });

  it("names the first missing row of a truncated tail", async () => {
    store = await seededStore(dialect, 8);
    await deleteAuditRows(store, 4);
    const result = await verify(store);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at row 4: row 4 is missing, and so is every row after it to row 8: the log was truncated/);
  });

  it("names a deleted middle row", async () => {
    store = await seededStore(dialect, 5);
    await deleteAuditRows(store, 2, 2);
    const result = await verify(store);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at row 2: row 2 is missing/);
  });

  it("names the edited row of a chain rebuilt after it", async () => {
    store = await seededStore(dialect, 5);
    await rebuildChainFrom(store, 3, { decision: "deny" });
    const result = await verify(store);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at row 3: row 3 does not match its seal: it was altered and the chain rebuilt after it/);
  });
});
