import { afterEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../src/store/audit-log.js";
import { verifyAudit } from "../../src/store/audit-verify.js";
import type { Store } from "../../src/store/db.js";
import { testDialects } from "../helpers/test-store.js";
import { deleteAuditRows, rebuildChainFrom } from "./audit-attacker.js";
import { openFixture, type Fixture } from "./fixture.js";

async function appendRows(store: Store, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await appendAudit(store, { actor: "workflow:appointment-reminder", action: "message.sent", subjectRef: `Appointment/${i}`, decision: "allow", details: { messageId: `out_${i}` } });
  }
}

describe.each(testDialects())("audit log tampering on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it.each([
    ["the last row", 10],
    ["the last five rows", 6],
    ["every row", 1],
  ])("reports a truncated tail when %s is deleted, naming the first missing row", async (_what, from) => {
    fx = await openFixture(dialect);
    await appendRows(fx.store, 10);
    await deleteAuditRows(fx.store, from);
    const result = await verifyAudit(fx.store);
    expect(result).toMatchObject({ ok: false, badSeq: from, checked: from - 1 });
    if (!result.ok) expect(result.reason).toMatch(new RegExp(`row ${from}\\b.*truncated`));
  });

  it("reports a deleted middle row by its number", async () => {
    fx = await openFixture(dialect);
    await appendRows(fx.store, 6);
    await deleteAuditRows(fx.store, 3, 3);
    const result = await verifyAudit(fx.store);
    expect(result).toMatchObject({ ok: false, badSeq: 3, checked: 2 });
    if (!result.ok) expect(result.reason).toMatch(/row 3 is missing/);
  });

  it("reports an edited row whose chain was recomputed after it, naming that row", async () => {
    fx = await openFixture(dialect);
    await appendRows(fx.store, 8);
    await rebuildChainFrom(fx.store, 3, { decision: "deny" });
    const result = await verifyAudit(fx.store);
    expect(result).toMatchObject({ ok: false, badSeq: 3, checked: 2 });
    if (!result.ok) expect(result.reason).toMatch(/row 3 .*seal.*rebuilt/);
  });

  it("still reports a truncation after new rows are appended on top of it", async () => {
    fx = await openFixture(dialect);
    await appendRows(fx.store, 6);
    await deleteAuditRows(fx.store, 5);
    await appendAudit(fx.store, { actor: "system", action: "message.sent" });
    const result = await verifyAudit(fx.store);
    expect(result).toMatchObject({ ok: false, badSeq: 5 });
  });
});
