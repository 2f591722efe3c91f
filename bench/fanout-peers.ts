/**
 * The fan-out bench's outside world, in its own process as it would be in production: the sandbox
 * EHR (seeded with the bench practice) and the fake Twilio. The parent talks to it over IPC:
 * it sends `{ count, now, perPhone, twilio }`, gets `{ ehrUrl, twilioUrl, phones, appointmentIds }` back, and may
 * then ask `"sent"` for the number of messages the fake Twilio accepted.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setLogLevel } from "../src/log.js";
import { startFakeTwilio } from "../src/sandbox/fake-twilio.js";
import { startFanoutPractice } from "./fanout-practice.js";

export interface PeerRequest {
  count: number;
  now: string;
  perPhone: number;
  twilio: { accountSid: string; authToken: string };
}

export interface Peers {
  ehrUrl: string;
  twilioUrl: string;
  phones: string[];
  appointmentIds: string[];
  sent(): Promise<number>;
  close(): void;
}

type PeerReply = { ready: { ehrUrl: string; twilioUrl: string; phones: string[]; appointmentIds: string[] } } | { sent: number } | { error: string };

export function startPeers(request: PeerRequest): Promise<Peers> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting: Array<(reply: PeerReply) => void> = [];
  child.on("message", (reply: PeerReply) => waiting.shift()?.(reply));
  const ask = (message: unknown) =>
    new Promise<PeerReply>((resolve, reject) => {
      waiting.push(resolve);
      child.send(message as object, (err) => err && reject(err));
    });
  return ask(request).then((reply) => {
    if (!("ready" in reply)) {
      child.kill();
      throw new Error(`The fan-out peers failed to start: ${"error" in reply ? reply.error : "no answer"}`);
    }
    return {
      ...reply.ready,
      sent: async () => {
        const answer = await ask("sent");
        if (!("sent" in answer)) throw new Error("The fan-out peers did not say how many messages they accepted.");
        return answer.sent;
      },
      close: () => void child.kill("SIGTERM"),
    };
  });
}

async function serve(): Promise<void> {
  setLogLevel("warn");
  let sent = () => 0;
  process.on("message", (message: PeerRequest | "sent") => {
    if (message === "sent") return void process.send?.({ sent: sent() });
    void (async () => {
      try {
        const { ehr, phones, appointmentIds } = await startFanoutPractice(message.count, new Date(message.now), message.perPhone);
        const twilio = await startFakeTwilio(message.twilio);
        sent = () => twilio.messages().length;
        process.send?.({ ready: { ehrUrl: ehr.baseUrl, twilioUrl: twilio.baseUrl, phones, appointmentIds } });
      } catch (err) {
        process.send?.({ error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  process.on("disconnect", () => process.exit(0));
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) void serve();
