import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineWorkflow, ref, retryDelayMs, DEFAULT_RETRY } from "../../src/engine/port.js";

const noop = async () => undefined;

describe("defineWorkflow", () => {
  it("accepts references, numbers, booleans and enums", () => {
    const wf = defineWorkflow({
      id: "ok",
      input: z.object({ appointmentRef: ref(), touch: z.number(), dryRun: z.boolean().optional(), kind: z.enum(["a", "b"]) }),
      run: noop,
    });
    expect(wf.id).toBe("ok");
  });

  it("refuses a free-text field that could carry PHI, naming it", () => {
    expect(() => defineWorkflow({ id: "bad", input: z.object({ patientName: z.string() }), run: noop })).toThrow(/patientName/);
  });

  it("refuses a non-object input", () => {
    expect(() => defineWorkflow({ id: "bad", input: z.string(), run: noop })).toThrow(/z.object/);
  });

  it("ref() rejects values that look like names or phone numbers with spaces", () => {
    expect(ref().safeParse("Appointment/123").success).toBe(true);
    expect(ref().safeParse("Jane Doe").success).toBe(false);
    expect(ref().safeParse("+1 312 555 0100").success).toBe(false);
  });
});

describe("retryDelayMs", () => {
  it("grows exponentially and caps", () => {
    expect(retryDelayMs(DEFAULT_RETRY, 1)).toBe(1_000);
    expect(retryDelayMs(DEFAULT_RETRY, 3)).toBe(4_000);
    expect(retryDelayMs(DEFAULT_RETRY, 30)).toBe(60_000);
  });
});
