import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/server/app.js";
import { openApiRig, type ApiRig } from "../api/helpers.js";

/** Every POST route refuses a body over the limit with 413 before any handler reads it. */
let rig: ApiRig;
beforeAll(async () => {
  rig = await openApiRig({ api: { startSync: async () => ({ runId: "sync:1", started: true }) } });
});
afterAll(() => rig.services.dispose());

const big = (bytes: number) => "a".repeat(bytes);

describe("oversized bodies", () => {
  const posts = () => [...new Set(rig.app.routes.filter((r) => r.method === "POST").map((r) => r.path.replace(/:(\w+)(\{[^}]*\})?/g, "x-1")))];

  it.each([
    ["declared by content-length", true],
    ["streamed without a length", false],
  ])("answers 413 on every POST route when the body is over the limit, %s", async (_name, withLength) => {
    const routes = posts();
    expect(routes).toEqual(expect.arrayContaining(["/webhooks/twilio/inbound", "/api/hooks"]));
    const wrong: string[] = [];
    for (const path of routes) {
      const text = `Body=${big(MAX_BODY_BYTES + 1)}`;
      const body = withLength
        ? text
        : new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(text));
              controller.close();
            },
          });
      const res = await rig.app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-api-key": "test-master-key-0123456789abcdef" }, body, ...(withLength ? {} : { duplex: "half" }) } as RequestInit);
      if (res.status !== 413) wrong.push(`${path} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
    const inbound = await rig.services.store.db.selectFrom("inbound_messages").select("id").execute();
    expect(inbound).toEqual([]);
  });

  it("accepts a body just under the limit as far as the size check goes", async () => {
    const res = await rig.call("POST", "/api/hooks", { rawBody: JSON.stringify({ pad: big(MAX_BODY_BYTES - 100) }), headers: { "content-type": "application/json" } });
    expect(res.status).not.toBe(413);
  });
});
