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

const DEFAULT_LIMIT = 20;

function isOutboxMessage(value: unknown): value is OutboxMessage {
  const m = value as Partial<OutboxMessage> | null;
  return typeof m === "object" && m !== null && typeof m.sid === "string" && typeof m.to === "string" && typeof m.body === "string";
}

const PAGE_SIZE = 1000;

async function fetchPage(baseUrl: string, accountSid: string, pathAndQuery: string): Promise<{ messages: OutboxMessage[]; next: string | null }> {
  const response = await fetch(`${baseUrl}${pathAndQuery}`, {
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${SANDBOX_TWILIO_AUTH_TOKEN}`).toString("base64")}` },
  });
  if (!response.ok) throw new Error(`The sandbox outbox answered HTTP ${response.status}; restart minnow and try again.`);
  const json = (await response.json()) as { messages?: unknown; next_page_uri?: unknown };
  return { messages: Array.isArray(json.messages) ? json.messages.filter(isOutboxMessage) : [], next: typeof json.next_page_uri === "string" ? json.next_page_uri : null };
}

/** Reads the outbox the way a client reads Twilio, following its pages: the newest `limit` texts and how many there are in all. */
export async function readOutbox(baseUrl: string, accountSid: string, limit: number, to?: string): Promise<{ messages: OutboxMessage[]; total: number }> {
  const query = new URLSearchParams({ PageSize: String(PAGE_SIZE), ...(to ? { To: to } : {}) });
  let next: string | null = `/2010-04-01/Accounts/${accountSid}/Messages.json?${query.toString()}`;
  const newest: OutboxMessage[] = [];
  let total = 0;
  while (next) {
    const page = await fetchPage(baseUrl, accountSid, next);
    total += page.messages.length;
    newest.push(...page.messages.slice(0, Math.max(0, limit - newest.length)));
    next = page.next;
  }
  return { messages: newest, total };
}

/** The newest `limit` texts, newest first. */
export async function fetchOutbox(baseUrl: string, accountSid: string, limit: number, to?: string): Promise<OutboxMessage[]> {
  return (await readOutbox(baseUrl, accountSid, limit, to)).messages;
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
  const limitText = option(args, "limit") ?? String(DEFAULT_LIMIT);
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) {
    printError(`--limit must be a whole number of 1 or more, got "${limitText}".`);
    return 1;
  }
  const to = option(args, "to");
  const { messages, total } = await readOutbox(state.outbox.baseUrl, state.outbox.accountSid, limit, to);
  if (messages.length === 0) {
    print(to ? `Nothing was texted to ${to} yet.` : "The outbox is empty so far: the first sync sends reminders that are due now (outside quiet hours).");
    return 0;
  }
  for (const m of [...messages].reverse()) {
    print(`${m.date_created}  from ${m.messaging_service_sid ?? m.from ?? "?"}  to ${m.to}  [${m.status}]\n  ${m.body}\n`);
  }
  const shown = total > messages.length ? `Showing the newest ${messages.length} of ${total}, oldest first; --limit N for more.` : `${total} message(s), oldest first.`;
  print(`${shown} Reply as a patient: npx minnow sandbox reply <phone> <text>`);
  return 0;
}
