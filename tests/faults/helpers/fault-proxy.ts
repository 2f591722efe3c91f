import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP proxy that injects faults between minnow and a dependency (the sandbox EHR, the
 * fake Twilio). For each request `decide` says: pass it through, answer with an error itself,
 * hang until the client gives up, or pass it and then drop the response (the dependency acted,
 * the caller never hears: the accepted-but-unrecorded gap).
 */
export type ProxyVerdict =
  | { kind: "pass" }
  | { kind: "fail"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "hang" }
  /** Forward, and once the upstream answered, call `then` instead of answering the client. */
  | { kind: "drop-response"; then: () => void };

export interface ProxyRequestInfo {
  method: string;
  path: string;
  /** The request body as text (form fields for Twilio, JSON for FHIR). */
  body: string;
}

export interface FaultProxy {
  baseUrl: string;
  counts: { passed: number; failed: number; hung: number; dropped: number };
  close(): Promise<void>;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const upstream = request(
      // The client's Host is kept, as a reverse proxy in front of an EHR keeps it, so the links the
      // EHR builds (Bundle.link next) point back through the proxy, not around it.
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startFaultProxy(targetOrigin: string, decide: (req: ProxyRequestInfo) => ProxyVerdict): Promise<FaultProxy> {
  const target = new URL(targetOrigin);
  const counts = { passed: 0, failed: 0, hung: 0, dropped: 0 };
  const hanging = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const verdict = decide({ method: req.method ?? "GET", path: req.url ?? "/", body: body.toString("utf8") });
    if (verdict.kind === "fail") {
      counts.failed++;
      res.writeHead(verdict.status, { "content-type": "application/json", ...verdict.headers });
      res.end(verdict.body ?? JSON.stringify({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "transient" }] }));
      return;
    }
    if (verdict.kind === "hang") {
      counts.hung++;
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    const answer = await forward(target, req, body);
    if (verdict.kind === "drop-response") {
      counts.dropped++;
      verdict.then();
      res.destroy();
      return;
    }
    counts.passed++;
    const headers = { ...answer.headers };
    delete headers["transfer-encoding"];
    res.writeHead(answer.status, { ...headers, "content-length": String(answer.body.length) });
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname === "/" ? "" : target.pathname.replace(/\/$/, "")}`,
    counts,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
