import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { deliveryPath, postStatusCallback } from "./fake-twilio-callbacks.js";
import { listMessages } from "./fake-twilio-list.js";
import { readSavedOutbox, saveOutbox } from "./fake-twilio-saved.js";
import { messageJson, twilioError, type FakeMessage } from "./fake-twilio-wire.js";

/**
 * A local stand-in for Twilio's Messages REST API on 127.0.0.1: create, list (with To, From and
 * DateSent filters and the paging the SDK follows) and fetch one. Point the connector at it with
 * TWILIO_API_BASE_URL. It checks basic auth and required fields like Twilio, can be told to fail
 * or to treat a number as opted out, and optionally sends signed status callbacks.
 */
export type { FakeMessage } from "./fake-twilio-wire.js";

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  port?: number;
  /** Post signed "sent" then "delivered" (or "undelivered") callbacks to each statusCallback URL. */
  statusCallbacks?: boolean;
  /** A JSON file that keeps the outbox across restarts (the sandbox's DATA_DIR/sandbox/outbox.json). */
  stateFile?: string;
}

export interface FakeTwilio {
  baseUrl: string;
  /** Every message created, oldest first. */
  messages(): FakeMessage[];
  /** The next `n` creates fail with this HTTP status and Twilio error code. */
  failNext(n: number, failure: { status: number; code: number; message?: string }): void;
  /** Later sends to this number get 400 with code 21610, as after the recipient replied STOP. */
  unsubscribe(phone: string): void;
  resubscribe(phone: string): void;
  /** Later messages to this number end "undelivered" with this error code (e.g. 30007) in callbacks. */
  failDelivery(phone: string, errorCode: number): void;
  /** Resolves once every status callback in flight has been posted. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const E164 = /^\+[1-9]\d{6,14}$/;
const COLLECTION = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const INSTANCE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const { accountSid, authToken } = options;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const store: FakeMessage[] = options.stateFile ? readSavedOutbox(options.stateFile) : [];
  const save = (): void => {
    if (options.stateFile) saveOutbox(options.stateFile, store);
  };
  const failures: Array<{ status: number; code: number; message: string }> = [];
  const unsubscribed = new Set<string>();
  const deliveryErrors = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();

  function progress(message: FakeMessage): void {
    const run = (async () => {
      for (const step of deliveryPath(deliveryErrors.get(message.to))) {
        const now = new Date();
        Object.assign(message, { status: step.status, errorCode: step.errorCode, dateUpdated: now });
        if (step.status === "sent") message.dateSent = now;
        save();
        await postStatusCallback(message, authToken).catch(() => 0); // a receiver that is down misses it, as with Twilio
      }
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  }

  function create(res: ServerResponse, form: URLSearchParams): void {
    const failure = failures.shift();
    if (failure) return send(res, failure.status, twilioError(failure.status, failure.code, failure.message));
    const to = form.get("To")?.trim();
    const body = form.get("Body") ?? "";
    const from = form.get("From")?.trim() || null;
    const messagingServiceSid = form.get("MessagingServiceSid")?.trim() || null;
    if (!to) return send(res, 400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!from && !messagingServiceSid) return send(res, 400, twilioError(400, 21603, "A 'From' phone number is required."));
    if (!body) return send(res, 400, twilioError(400, 21602, "Message body is required."));
    if (body.length > 1600) return send(res, 400, twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit."));
    if (!E164.test(to)) return send(res, 400, twilioError(400, 21211, `Invalid 'To' Phone Number: ${to.slice(0, 20)}`));
    if (unsubscribed.has(to)) return send(res, 400, twilioError(400, 21610, "Attempt to send to unsubscribed recipient"));
    const now = new Date();
    const message: FakeMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      accountSid,
      to,
      from,
      messagingServiceSid,
      body,
      status: messagingServiceSid ? "accepted" : "queued",
      statusCallback: form.get("StatusCallback") || null,
      dateCreated: now,
      dateSent: null,
      dateUpdated: now,
      errorCode: null,
    };
    store.push(message);
    save();
    send(res, 201, messageJson(message));
    if (options.statusCallbacks) progress(message);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const collection = COLLECTION.exec(url.pathname);
    const instance = INSTANCE.exec(url.pathname);
    const pathSid = collection?.[1] ?? instance?.[1];
    if (!pathSid) return send(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
    if (req.headers.authorization !== expectedAuth || pathSid !== accountSid) return send(res, 401, twilioError(401, 20003, "Authenticate"));
    if (collection && req.method === "POST") {
      const text = await readBody(req);
      if (text === undefined) return send(res, 413, twilioError(413, 20001, "Request body too large"));
      return create(res, new URLSearchParams(text));
    }
    if (collection && req.method === "GET") return send(res, 200, listMessages(store, accountSid, url.searchParams));
    if (instance && req.method === "GET") {
      const found = store.find((m) => m.sid === instance[2]);
      return found ? send(res, 200, messageJson(found)) : send(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
    }
    send(res, 405, twilioError(405, 20004, "Method not allowed"));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, twilioError(500, 20500, "Internal Server Error"));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages: () => store.map((m) => ({ ...m })),
    failNext(n, failure) {
      for (let i = 0; i < n; i++) failures.push({ status: failure.status, code: failure.code, message: failure.message ?? `Simulated error ${failure.code}` });
    },
    unsubscribe: (phone) => void unsubscribed.add(phone),
    resubscribe: (phone) => void unsubscribed.delete(phone),
    failDelivery: (phone, errorCode) => void deliveryErrors.set(phone, errorCode),
    settled: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    async close() {
      while (inFlight.size) await Promise.all([...inFlight]);
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
