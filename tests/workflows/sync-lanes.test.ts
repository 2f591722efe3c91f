import { describe, expect, it } from "vitest";
import { applyInLanes } from "../../workflows/sync-lanes.js";

interface Item {
  ref: string;
  patient: string;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("applyInLanes", () => {
  it("applies different patients' records at once, but one patient's in page order, one after another", async () => {
    const items: Item[] = [
      { ref: "a1", patient: "A" }, { ref: "b1", patient: "B" }, { ref: "a2", patient: "A" },
      { ref: "c1", patient: "C" }, { ref: "a3", patient: "A" }, { ref: "d1", patient: "D" },
    ];
    const running = new Set<string>();
    let most = 0;
    const order: string[] = [];
    await applyInLanes(items, { laneOf: (i) => i.patient, refOf: (i) => i.ref, onError: () => {} }, async (item) => {
      expect([...running].some((ref) => ref.startsWith(item.patient.toLowerCase()))).toBe(false);
      running.add(item.ref);
      most = Math.max(most, running.size);
      await tick();
      order.push(item.ref);
      running.delete(item.ref);
    });
    expect(order.filter((ref) => ref.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    expect(order).toHaveLength(6);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });

  it("counts a failing record and goes on with the rest, that patient's later records too", async () => {
    const items: Item[] = [{ ref: "a1", patient: "A" }, { ref: "a2", patient: "A" }, { ref: "b1", patient: "B" }];
    const done: string[] = [];
    let errors = 0;
    await applyInLanes(items, { laneOf: (i) => i.patient, refOf: (i) => i.ref, onError: () => (errors += 1) }, async (item) => {
      if (item.ref === "a1") throw new Error("malformed record");
      done.push(item.ref);
    });
    expect(errors).toBe(1);
    expect(done.sort()).toEqual(["a2", "b1"]);
  });

  it("does nothing for an empty page", async () => {
    let calls = 0;
    await applyInLanes([] as Item[], { laneOf: (i) => i.patient, refOf: (i) => i.ref, onError: () => {} }, async () => void (calls += 1));
    expect(calls).toBe(0);
  });
});
