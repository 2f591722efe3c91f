import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitBody } from "../../src/server/middleware/body-limit.js";

/** The limit as a real Node server applies it: by Content-Length, or while a chunked body streams. */
const LIMIT = 1_000;
let server: ServerType;
let port = 0;

beforeAll(async () => {
  const app = new Hono();
  app.use("*", limitBody(LIMIT, (c) => c.text("too large", 413)));
  app.post("/echo", async (c) => c.text(String((await c.req.text()).length)));
  app.get("/hello", (c) => c.text("hi"));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = chunked ? { "transfer-encoding": "chunked" } : { "content-length": Buffer.byteLength(body) };
    const req = httpRequest({ host: "127.0.0.1", port, path: "/echo", method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    if (chunked) for (let i = 0; i < body.length; i += 100) req.write(body.slice(i, i + 100));
    else req.write(body);
    req.end();
  });
}

describe("limitBody on a Node server", () => {
  it.each([[false], [true]])("passes a body under the limit whole (chunked: %s)", async (chunked) => {
    expect(await post("a".repeat(LIMIT - 1), chunked)).toEqual({ status: 200, text: String(LIMIT - 1) });
  });

  it.each([[false], [true]])("refuses a body over the limit with 413 (chunked: %s)", async (chunked) => {
    expect((await post("a".repeat(LIMIT + 1), chunked)).status).toBe(413);
  });

  it("lets a GET through", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/hello`);
    expect(await res.text()).toBe("hi");
  });
});
