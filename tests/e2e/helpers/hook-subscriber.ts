import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A local webhook receiver on 127.0.0.1 that keeps every body it was sent and answers 200. */
export interface HookSubscriber {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

export async function startHookSubscriber(): Promise<HookSubscriber> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/minnow`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
