import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import type { Hl7Message } from "@medplum/core";
import { Hl7Connection, type Hl7ErrorEvent, type Hl7MessageEvent } from "@medplum/hl7";
import { ackForUnreadable } from "./ack.js";
import { HL7_ERROR } from "./siu-problem.js";

/**
 * The MLLP listener: a TCP (or TLS) server whose connections are @medplum/hl7's Hl7Connection,
 * which frames messages (VT … FS CR) and parses them. @medplum/hl7's own Hl7Server binds every
 * interface and has no TLS, so the socket server is ours. Each connection answers its messages
 * one at a time, in order; a bad message is answered and the connection stays up. A source
 * address not on the allow-list is closed before a byte is read.
 */
export interface MllpListenerOptions {
  host: string;
  port: number;
  /** PEM file paths; both or neither. */
  tls?: { certFile: string; keyFile: string };
  /** Source addresses allowed to connect; empty or absent allows any. */
  allow?: readonly string[];
  /** The acknowledgement for one parsed message. */
  answer(message: Hl7Message): Promise<Hl7Message>;
  /** Events for the log: ids and addresses only. */
  onEvent?(event: "refused-address" | "unreadable" | "connection-error", fields: Record<string, string>): void;
  now?: () => Date;
}

export interface MllpListener {
  host: string;
  port: number;
  tls: boolean;
  close(): Promise<void>;
}

/** "::ffff:10.0.0.5" and "10.0.0.5" are one address. */
export function normalizeAddress(address: string | undefined): string {
  return (address ?? "").replace(/^::ffff:/, "");
}

function serve(socket: net.Socket, opts: MllpListenerOptions, open: Set<net.Socket>): void {
  const address = normalizeAddress(socket.remoteAddress);
  if (opts.allow?.length && !opts.allow.map(normalizeAddress).includes(address)) {
    opts.onEvent?.("refused-address", { address });
    socket.destroy();
    return;
  }
  open.add(socket);
  socket.on("close", () => open.delete(socket));
  const connection = new Hl7Connection(socket);
  let queue: Promise<void> = Promise.resolve();
  connection.addEventListener("message", (event: Hl7MessageEvent) => {
    queue = queue.then(async () => {
      if (!connection.isClosed()) connection.send(await opts.answer(event.message));
    }).catch((err: unknown) => opts.onEvent?.("connection-error", { address, errorKind: err instanceof Error ? err.name : typeof err }));
  });
  connection.addEventListener("error", (event: Hl7ErrorEvent) => {
    // A frame that does not parse: answer AE so the sender is not left waiting.
    if (socket.destroyed) return;
    // @medplum/hl7 4.5 keeps an unparsable frame in its buffer and prepends it to the next one; drop it.
    (connection as unknown as { resetBuffer(): void }).resetBuffer();
    opts.onEvent?.("unreadable", { address, errorKind: event.error.name });
    const problem = { ack: "AE" as const, error: HL7_ERROR.segmentSequence, segment: "MSH", detail: "The message does not start with an MSH segment." };
    queue = queue.then(() => connection.send(ackForUnreadable(problem, (opts.now ?? (() => new Date()))())));
  });
}

export function startMllpListener(opts: MllpListenerOptions): Promise<MllpListener> {
  const open = new Set<net.Socket>();
  const onSocket = (socket: net.Socket) => serve(socket, opts, open);
  const server = opts.tls ? tls.createServer({ cert: readFileSync(opts.tls.certFile), key: readFileSync(opts.tls.keyFile) }, onSocket) : net.createServer(onSocket);
  return new Promise((resolve, reject) => {
    server.once("error", (cause) => reject(new Error(`minnow could not listen for HL7 on ${opts.host}:${opts.port}: set HL7_MLLP_PORT to a free port.`, { cause })));
    server.listen(opts.port, opts.host, () => {
      const info = server.address() as net.AddressInfo;
      resolve({
        host: opts.host,
        port: info.port,
        tls: Boolean(opts.tls),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
