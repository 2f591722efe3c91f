import { describe, expect, it } from "vitest";
import { nextSendWindow } from "../../src/policy/quiet-hours.js";

// Answers are remembered per UTC minute (windows open and close on whole local minutes); the
// seconds inside a minute must still come out right, whichever instant of it was asked first.
const CHICAGO = { practiceTimeZone: "America/Chicago" };
const at = (iso: string) => nextSendWindow(new Date(iso), { timeZone: "America/Chicago" }, CHICAGO).toISOString();

describe("nextSendWindow within one minute", () => {
  it("every second of 07:59 waits for 08:00, and every second of 08:00 goes at that second", () => {
    // 2026-12-01: Chicago is UTC-6, so 08:00 local is 14:00Z.
    expect(at("2026-12-01T13:59:50.000Z")).toBe("2026-12-01T14:00:00.000Z");
    expect(at("2026-12-01T13:59:00.001Z")).toBe("2026-12-01T14:00:00.000Z");
    expect(at("2026-12-01T14:00:42.500Z")).toBe("2026-12-01T14:00:42.500Z");
    expect(at("2026-12-01T14:00:00.000Z")).toBe("2026-12-01T14:00:00.000Z");
  });

  it("every second of 20:59 goes at that second, and 21:00:30 waits for the next morning", () => {
    expect(at("2026-12-02T02:59:59.999Z")).toBe("2026-12-02T02:59:59.999Z");
    expect(at("2026-12-02T02:59:01.000Z")).toBe("2026-12-02T02:59:01.000Z");
    expect(at("2026-12-02T03:00:30.000Z")).toBe("2026-12-02T14:00:00.000Z");
  });

  it("an allowed instant comes back as the very instant asked about", () => {
    const asked = new Date("2026-12-01T18:30:15.250Z");
    expect(nextSendWindow(asked, { timeZone: "America/Chicago" }, CHICAGO)).toBe(asked);
  });
});
