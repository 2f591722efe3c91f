import { liveSandboxState } from "../runtime/sandbox-state.js";
import { SANDBOX_TWILIO_AUTH_TOKEN } from "../server/routes/twilio-signature.js";
import { cliEnv, print, printError } from "./cli-env.js";
import { option } from "./commands.js";

interface OutboxMessage {
  sid: string;
  to: string;
  from: string | null;
  messaging_service_sid?: string | null;
  body: string;
  status: string;
  date_created: string;
}

function isOutboxMessage(value: unknown): value is OutboxMessage {
  const m = value as Partial<OutboxMessage> | null;
  return typeof m === "object" && m !== null && typeof m.sid === "string" && typeof m.to === "string" && typeof m.body === "string";
}

/** Reads the outbox the way a client reads Twilio: its Messages list, newest first. */
export async function fetchOutbox(baseUrl: string, accountSid: string, limit: number, to?: string): Promise<OutboxMessage[]> {
  const query = new URLSearchParams({ PageSize: String(limit), ...(to ? { To: to } : {}) });
  const response = await fetch(`${baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json?${query.toString()}`, {
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${SANDBOX_TWILIO_AUTH_TOKEN}`).toString("base64")}` },
  });
  if (!response.ok) throw new Error(`The sandbox outbox answered HTTP ${response.status}; restart minnow and try again.`);
  const json = (await response.json()) as { messages?: unknown };
  return Array.isArray(json.messages) ? json.messages.filter(isOutboxMessage) : [];
}

/**
 * `minnow sandbox outbox [--limit N] [--to PHONE]`: the simulated phones' inbox. It shows numbers
 * and bodies because it is a phone screen, not a log; the sandbox's patients are synthetic.
 */
export async function runSandboxOutboxCommand(args: string[]): Promise<number> {
  const env = cliEnv();
  const state = liveSandboxState(env.DATA_DIR);
  if (!state) {
    printError(`No sandbox is running from ${env.DATA_DIR}: start one with \`npm start\` (same DATA_DIR).`);
    return 1;
  }
  const limit = Number(option(args, "limit") ?? 20);
  const to = option(args, "to");
  const messages = await fetchOutbox(state.outbox.baseUrl, state.outbox.accountSid, Number.isInteger(limit) && limit > 0 ? limit : 20, to);
  if (messages.length === 0) {
    print("The outbox is empty so far: the first sync sends reminders that are due now (outside quiet hours).");
    return 0;
  }
  for (const m of [...messages].reverse()) {
    print(`${m.date_created}  from ${m.messaging_service_sid ?? m.from ?? "?"}  to ${m.to}  [${m.status}]\n  ${m.body}\n`);
  }
  print(`${messages.length} message(s), oldest first. Reply as a patient: npx minnow sandbox reply <phone> <text>`);
  return 0;
}
