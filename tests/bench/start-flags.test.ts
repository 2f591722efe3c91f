import { describe, expect, it } from "vitest";
import { nodeFlagsOf, startFlags } from "../../bench/start-flags.js";

describe("the node flags the benches start minnow with", () => {
  it("are npm start's own: the heap cap and the tsx loader", () => {
    expect(startFlags()).toEqual(["--max-old-space-size=256", "--max-semi-space-size=8", "--import", "tsx"]);
  });

  it("are read from between `node` and the entry file", () => {
    expect(nodeFlagsOf("exec node --max-old-space-size=128 --import tsx src/cli/main.ts start")).toEqual(["--max-old-space-size=128", "--import", "tsx"]);
    expect(nodeFlagsOf("node src/cli/main.ts start")).toEqual([]);
  });

  it("refuse a start script that does not run node on an entry file", () => {
    expect(() => nodeFlagsOf("exec tsx src/cli/main.ts start")).toThrow(/does not run `node <flags> <entry file>`/);
    expect(() => nodeFlagsOf("node --import tsx")).toThrow(/does not run/);
    expect(() => nodeFlagsOf("")).toThrow(/does not run/);
  });
});
