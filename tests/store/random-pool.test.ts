import { describe, expect, it } from "vitest";
import { randomPoolBytes } from "../../src/store/random-pool.js";

describe("randomPoolBytes", () => {
  it("hands out bytes once: no two draws repeat, across many refills of the pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(randomPoolBytes(16).toString("hex"));
    expect(seen.size).toBe(5_000);
  });

  it("never overwrites a slice already given out when the pool refills", () => {
    const first = randomPoolBytes(12);
    const copy = Buffer.from(first);
    for (let i = 0; i < 1_000; i++) randomPoolBytes(16);
    expect(first.equals(copy)).toBe(true);
  });

  it("gives the size asked for, and refuses sizes it cannot give", () => {
    expect(randomPoolBytes(1)).toHaveLength(1);
    expect(randomPoolBytes(4096)).toHaveLength(4096);
    expect(() => randomPoolBytes(0)).toThrow(/1\.\.4096/);
    expect(() => randomPoolBytes(4097)).toThrow(/1\.\.4096/);
    expect(() => randomPoolBytes(1.5)).toThrow(/1\.\.4096/);
  });

  it("is not all zeros or a repeating pattern", () => {
    const bytes = randomPoolBytes(256);
    expect(new Set(bytes).size).toBeGreaterThan(100);
  });
});
