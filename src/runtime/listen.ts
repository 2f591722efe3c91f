import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

/** A fetch handler; `env` carries the Node request (`incoming`), whose socket gives the caller's address. */
export type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

export interface Listening {
  port: number;
  /** The handler to use from now on (the app is built once the port is known). */
  setHandler(handler: FetchHandler): void;
  close(): Promise<void>;
}

/**
 * Binds the HTTP port before the app exists: the sandbox outbox needs the server's address for
 * its status callbacks, and with PORT=0 that is known only after listening. Until the app is
 * set, requests get 503 "starting".
 */
export function listen(port: number, hostname: string | undefined): Promise<Listening> {
  let handler: FetchHandler = () => new Response(JSON.stringify({ error: { status: 503, message: "minnow is starting; retry in a moment." } }), { status: 503, headers: { "content-type": "application/json" } });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request, env) => handler(request, env), port, ...(hostname ? { hostname } : {}) }, (info: AddressInfo) => {
      server.off("error", onError);
      resolve({
        port: info.port,
        setHandler: (next) => {
          handler = next;
        },
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(new Error("Closing the HTTP server failed", { cause: err })) : done()));
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    const onError = (cause: Error): void => reject(new Error(`minnow could not listen on port ${port}: set PORT to a free port.`, { cause }));
    server.once("error", onError);
  });
}
