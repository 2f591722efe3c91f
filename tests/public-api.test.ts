import { describe, expect, it } from "vitest";
import * as minnow from "../src/index.js";

describe("public API (src/index.ts)", () => {
  it.each(["classifyReply", "smsSegments", "lintTemplate", "renderTemplate", "nextSendWindow", "decideConsent", "evaluateBoundary", "phiClassOf", "decideSend", "defineWorkflow", "defineConnector"])(
    "exports %s",
    (name) => expect(typeof (minnow as Record<string, unknown>)[name]).toBe("function"),
  );

  it("classifyReply assumes a reminder prompt when expecting is omitted", () => {
    expect(minnow.classifyReply("yes").intent).toBe("confirm");
    expect(minnow.classifyReply("yes", { expecting: ["accept"] }).intent).toBe("accept");
    expect(minnow.classifyReply("yes", { expecting: [] }).intent).toBe("opt_in");
  });
});
