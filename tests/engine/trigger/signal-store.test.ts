import type { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { bufferSignal, findToken, forgetToken, rememberToken, signalTakenBy, takeBufferedSignal } from "../../../src/engine/trigger/signal-store.js";
import { triggerDb, type TriggerDb } from "../../../src/engine/trigger/tables.js";
import type { DialectName } from "../../../src/store/db.js";
import { triggerTokens } from "../../../src/store/migrations/003-trigger-tokens.js";
import { openTestStore, testDialects, type TestStore } from "../../helpers/test-store.js";
import { ensureTriggerTables } from "./trigger-tables.js";

let store: TestStore | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

async function freshDb(dialect: DialectName): Promise<TriggerDb> {
  store = await openTestStore(dialect);
  await ensureTriggerTables(store);
  return triggerDb(store);
}

describe.each(testDialects())("trigger signal store (%s)", (dialect) => {
  it("hands a buffered signal to exactly one taker, and remembers who took it", async () => {
    const db = await freshDb(dialect);
    await bufferSignal(db, "reply:a", JSON.stringify({ word: "Y" }), 1);
    expect(await takeBufferedSignal(db, "reply:a", "run_1:wait:reply")).toEqual({ payload: '{"word":"Y"}' });
    expect(await takeBufferedSignal(db, "reply:a", "token:wp_1")).toBeUndefined();
    expect(await signalTakenBy(db, "reply:a", "run_1:wait:reply")).toEqual({ payload: '{"word":"Y"}' });
    expect(await signalTakenBy(db, "reply:a", "run_2:wait:reply")).toBeUndefined();
    expect(await takeBufferedSignal(db, "reply:other", "run_1:wait:reply")).toBeUndefined();
  });

  it("lets a new signal on a taken key be taken again, with the new payload", async () => {
    const db = await freshDb(dialect);
    await bufferSignal(db, "reply:a", '"one"', 1);
    await takeBufferedSignal(db, "reply:a", "run_1:wait:reply");
    await bufferSignal(db, "reply:a", null, 2);
    expect(await takeBufferedSignal(db, "reply:a", "run_2:wait:reply")).toEqual({ payload: null });
  });

  it("keeps one token per key, the latest, and forgets it only by its own id", async () => {
    const db = await freshDb(dialect);
    await rememberToken(db, "reply:a", { tokenId: "wp_1", runId: "run_1" }, 1);
    await rememberToken(db, "reply:a", { tokenId: "wp_2", runId: "run_2" }, 2);
    expect(await findToken(db, "reply:a")).toEqual({ tokenId: "wp_2", runId: "run_2" });
    await forgetToken(db, "reply:a", "wp_1");
    expect(await findToken(db, "reply:a")).toEqual({ tokenId: "wp_2", runId: "run_2" });
    await forgetToken(db, "reply:a", "wp_2");
    expect(await findToken(db, "reply:a")).toBeUndefined();
  });

  it("migrates down cleanly", async () => {
    const db = await freshDb(dialect);
    if (!triggerTokens.down) throw new Error("migration 003 has no down step");
    await triggerTokens.down(db as unknown as Kysely<unknown>);
    await expect(findToken(db, "k")).rejects.toThrow();
    await triggerTokens.up(db as unknown as Kysely<unknown>);
    expect(await findToken(db, "k")).toBeUndefined();
  });
});
