import { afterEach, describe, expect, it } from "vitest";
import { claimSlot, releaseSlot, slotClaimant } from "../../src/store/slot-claims.js";
import { openTestStore, testDialects, type TestStore } from "../helpers/test-store.js";

describe.each(testDialects())("slot claims on %s", (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it("gives exactly one of 100 concurrent claimants the slot", async () => {
    store = await openTestStore(dialect);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => claimSlot(store!, "Slot/42@2026-03-01T15:00Z", `Patient/${i}`)));
    const winners = results.flatMap((won, i) => (won ? [`Patient/${i}`] : []));
    expect(winners).toHaveLength(1);
    expect(await slotClaimant(store, "Slot/42@2026-03-01T15:00Z")).toBe(winners[0]);
  });

  it("lets the winner re-claim (a retried step) but no one else", async () => {
    store = await openTestStore(dialect);
    expect(await claimSlot(store, "s1", "Patient/a")).toBe(true);
    expect(await claimSlot(store, "s1", "Patient/a")).toBe(true);
    expect(await claimSlot(store, "s1", "Patient/b")).toBe(false);
    expect(await claimSlot(store, "s2", "Patient/b")).toBe(true);
  });

  it("frees a slot only for its holder, so the next YES can win after a failed booking", async () => {
    store = await openTestStore(dialect);
    await claimSlot(store, "s1", "Patient/a");
    expect(await releaseSlot(store, "s1", "Patient/b")).toBe(false);
    expect(await releaseSlot(store, "s1", "Patient/a")).toBe(true);
    expect(await slotClaimant(store, "s1")).toBeNull();
    expect(await claimSlot(store, "s1", "Patient/b")).toBe(true);
  });
});
