import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createReplayGuard, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyHookSignature, type VerifyResult } from "../../src/hooks/signature.js";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  verified: VerifyResult;
  replay: boolean;
}

/**
 * A real subscriber on 127.0.0.1 that verifies every delivery the way the README tells
 * subscribers to: signature within the replay window, then a replay guard on (delivery, timestamp).
 * `respond` scripts the status codes (default 200); a redirect answer sets Location.
 */
export class LocalSubscriber {
  readonly received: Received[] = [];
  secret = "";
  now: () => Date = () => new Date();
  respond: (n: number) => { status: number; location?: string } = () => ({ status: 200 });
  private readonly guard = createReplayGuard();
  private server: Server | undefined;
  url = "";

  async start(path = "/hook"): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const header = (name: string) => { const v = req.headers[name]; return Array.isArray(v) ? v[0] : v; };
        const verified = verifyHookSignature({ secret: this.secret, body, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER), now: this.now() });
        // Keyed by path too: minnow re-POSTs the same signed request along a redirect.
        const replay = verified.ok && !this.guard.accept(`${req.url ?? ""}|${header(DELIVERY_HEADER) ?? ""}`, verified.timestamp);
        this.received.push({ headers: req.headers, body, verified, replay });
        const answer = verified.ok && !replay ? this.respond(this.received.length) : { status: 401 };
        res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  /** Sends a captured request again, byte for byte (an attacker's replay). */
  async replay(r: Received): Promise<number> {
    const headers: Record<string, string> = {};
    for (const name of ["content-type", TIMESTAMP_HEADER, SIGNATURE_HEADER, DELIVERY_HEADER]) {
      const v = r.headers[name];
      if (typeof v === "string") headers[name] = v;
    }
    return (await fetch(this.url, { method: "POST", headers, body: r.body })).status;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
