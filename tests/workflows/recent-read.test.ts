import { describe, expect, it } from "vitest";
import { recentRead } from "../../workflows/recent-read.js";

describe("recentRead", () => {
  it("shares one read between callers until it is forgotten", async () => {
    let calls = 0;
    const reader = recentRead(async () => ++calls);
    expect(await reader.read()).toBe(1);
    expect(await reader.read()).toBe(1);
    reader.forget();
    expect(await reader.read()).toBe(2);
    expect(calls).toBe(2);
  });

  it("shares a read still in flight", async () => {
    let calls = 0;
    const reader = recentRead(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return "appointment";
    });
    expect(await Promise.all([reader.read(), reader.read()])).toEqual(["appointment", "appointment"]);
    expect(calls).toBe(1);
  });

  it("does not keep a failed read: the next call asks the source again", async () => {
    let calls = 0;
    const reader = recentRead(async () => {
      calls += 1;
      if (calls === 1) throw new Error("EHR unreachable");
      return "appointment";
    });
    await expect(reader.read()).rejects.toThrow("EHR unreachable");
    expect(await reader.read()).toBe("appointment");
    expect(calls).toBe(2);
  });
});
