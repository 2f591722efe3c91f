import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSandbox, type Sandbox } from "../../test-kit/sandbox.js";
import { authData, run } from "./app-tester.js";

let sandbox: Sandbox;
const testAuth = (authData: Record<string, string>) => run<{ types: Array<{ type: string }> }>("authentication.test", { authData });
beforeAll(async () => {
  sandbox = await openSandbox();
});
afterAll(() => sandbox.dispose());

describe("authentication against a running minnow", () => {
  it("accepts a good key: the test call reads minnow's event types", async () => {
    const result = await testAuth(authData(sandbox));
    expect(result.types.map((t) => t.type)).toEqual(expect.arrayContaining(["appointment.confirmed", "waitlist.slot_filled"]));
  });

  it("accepts a base URL typed with a trailing slash", async () => {
    const result = await testAuth({ ...authData(sandbox), baseUrl: `${sandbox.baseUrl}/` });
    expect(result.types.length).toBeGreaterThan(5);
  });

  it("refuses a bad key with minnow's reason and how to make a key", async () => {
    await expect(testAuth(authData(sandbox, "not-a-real-key"))).rejects.toThrow(/minnow refused the API key: .*api-key create/);
  });

  it("refuses a missing key the same way", async () => {
    await expect(testAuth(authData(sandbox, ""))).rejects.toThrow(/minnow refused the API key/);
  });
});
