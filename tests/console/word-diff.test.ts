import { describe, expect, it } from "vitest";
import { wordDiff } from "../../src/console/data/word-diff.js";

const joined = (parts: ReturnType<typeof wordDiff>, keep: "before" | "after") => parts.filter((p) => p.kind === "same" || p.kind === (keep === "before" ? "removed" : "added")).map((p) => p.text).join("");

describe("wordDiff", () => {
  it("marks the words removed and added, keeping the rest", () => {
    expect(wordDiff("Hi Rowan, see you soon", "Hello Rowan, see you")).toEqual([
      { kind: "added", text: "Hello" },
      { kind: "removed", text: "Hi" },
      { kind: "same", text: " Rowan, see you" },
      { kind: "removed", text: " soon" },
    ]);
  });

  it.each([
    ["", ""],
    ["", "all new"],
    ["all gone", ""],
    ["same text", "same text"],
    ["{{practice.name}}: Reply STOP to opt out.", "{{practice.name}}: Reply C to confirm. Reply STOP to opt out."],
  ])("rebuilds both texts from the parts (%j → %j)", (before, after) => {
    const parts = wordDiff(before, after);
    expect(joined(parts, "before")).toBe(before);
    expect(joined(parts, "after")).toBe(after);
  });
});
