import { randomBytes } from "node:crypto";
import twilio from "twilio";
import type { Env } from "../config/env.js";
import { liveSandboxState, type SandboxState } from "../runtime/sandbox-state.js";
import { InvalidPhoneError, normalizePhone } from "../store/blind-index.js";
import { INBOUND_PATH } from "../server/routes/twilio-webhooks.js";
import { SANDBOX_TWILIO_AUTH_TOKEN, signedUrl } from "../server/routes/twilio-signature.js";
import { SANDBOX_TWILIO_ACCOUNT_SID } from "../runtime/create-sms.js";
import { cliEnv, print, printError } from "./cli-env.js";
import { option } from "./commands.js";
import { fetchOutbox } from "./sandbox-outbox-command.js";

export interface SimulatedReply {
  url: string;
  params: Record<string, string>;
  signature: string;
}

/**
 * The webhook Twilio would post for a patient's reply, signed with the sandbox token over the
 * URL the server checks (PUBLIC_URL plus the path when set, else the local address).
 */
export function simulatedReply(env: Pick<Env, "PUBLIC_URL">, serverUrl: string, sender: string, phone: string, text: string): SimulatedReply {
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const params: Record<string, string> = {
    AccountSid: SANDBOX_TWILIO_ACCOUNT_SID,
    MessageSid: sid,
    SmsSid: sid,
    From: phone,
    To: sender,
    Body: text,
    NumMedia: "0",
  };
  const url = `${serverUrl}${INBOUND_PATH}`;
  return { url, params, signature: twilio.getExpectedTwilioSignature(SANDBOX_TWILIO_AUTH_TOKEN, signedUrl(env.PUBLIC_URL, url), params) };
}

/**
 * Who the patient answers: `--sender` when given, else the number (or Messaging Service) that
 * last texted them, as a phone's reply button does, else the practice's own number. A group
 * practice texts from one number per location, so this is what routes the answer to that location.
 */
async function replyTarget(state: SandboxState, phone: string, given: string | undefined): Promise<string> {
  if (given) return given;
  const [latest] = await fetchOutbox(state.outbox.baseUrl, state.outbox.accountSid, 1, phone);
  return latest?.messaging_service_sid ?? latest?.from ?? state.sender;
}

/** `minnow sandbox reply <phone> <text> [--sender S]`: a patient's reply, as a signed inbound webhook to the running sandbox. */
export async function runSandboxReplyCommand(args: string[]): Promise<number> {
  const sender = option(args, "sender");
  const at = args.indexOf("--sender");
  const [rawPhone, ...words] = at < 0 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  const text = words.join(" ");
  if (!rawPhone || !text) {
    printError("usage: minnow sandbox reply <phone> <text> [--sender NUMBER]   e.g. minnow sandbox reply +13125550142 C");
    return 2;
  }
  const env = cliEnv();
  if (env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN) {
    printError("sandbox reply works only with the sandbox outbox: Twilio is configured, so real patients reply by SMS.");
    return 2;
  }
  let phone: string;
  try {
    phone = normalizePhone(rawPhone);
  } catch (err) {
    if (!(err instanceof InvalidPhoneError)) throw err;
    printError("That is not a phone number: give it as shown by `minnow sandbox outbox`, e.g. +13125550142.");
    return 2;
  }
  const state = liveSandboxState(env.DATA_DIR);
  if (!state) {
    printError(`No sandbox is running from ${env.DATA_DIR}: start one with \`npm start\` (same DATA_DIR), then reply.`);
    return 1;
  }
  const reply = simulatedReply(env, state.serverUrl, await replyTarget(state, phone, sender), phone, text);
  const response = await fetch(reply.url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": reply.signature },
    body: new URLSearchParams(reply.params).toString(),
  });
  if (!response.ok) {
    printError(`The server refused the reply (HTTP ${response.status}): ${(await response.text()).slice(0, 300)}`);
    return 1;
  }
  print(`Reply to ${reply.params.To} delivered to ${state.serverUrl} as ${reply.params.MessageSid}. Any answer appears in: npx minnow sandbox outbox`);
  return 0;
}
