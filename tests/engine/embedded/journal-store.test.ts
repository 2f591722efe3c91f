import { afterEach, describe, expect, it } from "vitest";
import { consumeSignal, loadSteps, storeSignal } from "../../../src/engine/embedded/journal-store.js";
import { openTestStore, testDialects, type TestStore } from "../../helpers/test-store.js";

const NOW = Date.parse("2030-01-15T12:00:00Z");
let store: TestStore | undefined;

afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

async function consumer(dialect: "sqlite" | "postgres") {
  store = await openTestStore(dialect);
  return store.db;
}

describe.each(testDialects())("consumeSignal (%s)", (dialect) => {
  it("finds nothing and journals nothing when no signal was stored", async () => {
    const db = await consumer(dialect);
    expect(await consumeSignal(db, "run-1", "wait:reply", "reply:a", NOW)).toBeUndefined();
    expect((await loadSteps(db, "run-1")).size).toBe(0);
  });

  it("takes a stored signal once, journals it as the wait's outcome, and leaves nothing for a second look", async () => {
    const db = await consumer(dialect);
    await storeSignal(db, "reply:a", JSON.stringify({ word: "YES" }), NOW);
    const outcome = await consumeSignal(db, "run-1", "wait:reply", "reply:a", NOW);
    expect(JSON.parse(outcome ?? "null")).toEqual({ payload: { word: "YES" } });
    expect(await loadSteps(db, "run-1")).toEqual(new Map([["wait:reply", outcome]]));
    expect(await consumeSignal(db, "run-2", "wait:reply", "reply:a", NOW)).toBeUndefined();
    expect((await loadSteps(db, "run-2")).size).toBe(0);
  });

  it("takes a signal stored after an earlier look found none", async () => {
    const db = await consumer(dialect);
    expect(await consumeSignal(db, "run-1", "wait:reply", "reply:late", NOW)).toBeUndefined();
    await storeSignal(db, "reply:late", "null", NOW + 1);
    expect(await consumeSignal(db, "run-1", "wait:reply", "reply:late", NOW + 2)).toBe('{"payload":null}');
  });

  it("ignores a signal on another key", async () => {
    const db = await consumer(dialect);
    await storeSignal(db, "reply:other", '"NO"', NOW);
    expect(await consumeSignal(db, "run-1", "wait:reply", "reply:a", NOW)).toBeUndefined();
    expect(await consumeSignal(db, "run-1", "wait:reply", "reply:other", NOW)).toBe('{"payload":"NO"}');
  });
});
