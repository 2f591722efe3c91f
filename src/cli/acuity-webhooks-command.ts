import { createAcuityClient, type AcuityClient } from "../../connectors/acuity/client.js";
import { ACUITY_WEBHOOK_EVENTS, listAcuityWebhooks, subscribeAcuityWebhook, unsubscribeAcuityWebhook } from "../../connectors/acuity/webhook-subscriptions.js";
import { ConfigError, type Env } from "../config/env.js";
import { cliEnv, print, printError } from "./cli-env.js";

/**
 * `minnow acuity webhooks subscribe|list|unsubscribe`: Acuity's dynamic webhooks, pointed at this
 * server's POST /webhooks/acuity (PUBLIC_URL). Subscribing is safe to repeat: events already
 * delivered there are left alone. Unsubscribe removes only the subscriptions pointed here, or the
 * one id given.
 */
export function acuityWebhookTarget(env: Env): string {
  if (!env.PUBLIC_URL) throw new ConfigError("PUBLIC_URL is not set: Acuity needs the public https address of this server to deliver webhooks to.");
  return `${env.PUBLIC_URL.replace(/\/+$/, "")}/webhooks/acuity`;
}

function clientFrom(env: Env): AcuityClient {
  if (!env.ACUITY_USER_ID || !env.ACUITY_API_KEY) throw new ConfigError("Set ACUITY_USER_ID and ACUITY_API_KEY (Acuity > Integrations > API) to manage its webhooks.");
  return createAcuityClient({ userId: env.ACUITY_USER_ID, apiKey: env.ACUITY_API_KEY, ...(env.ACUITY_BASE_URL ? { baseUrl: env.ACUITY_BASE_URL } : {}) });
}

async function subscribe(client: AcuityClient, target: string): Promise<number> {
  const existing = new Set((await listAcuityWebhooks(client)).filter((w) => w.target === target).map((w) => w.event));
  for (const event of ACUITY_WEBHOOK_EVENTS) {
    if (existing.has(event)) {
      print(`${event}: already delivered to ${target}`);
      continue;
    }
    const created = await subscribeAcuityWebhook(client, { event, target });
    print(`${event}: subscribed (id ${created.id})`);
  }
  return 0;
}

async function list(client: AcuityClient, target: string): Promise<number> {
  const hooks = await listAcuityWebhooks(client);
  if (!hooks.length) print("No Acuity webhooks on this account.");
  for (const w of hooks) print(`${w.id}  ${w.event.padEnd(24)} ${w.status ?? ""}  ${w.target}${w.target === target ? "  (this server)" : ""}`);
  return 0;
}

async function unsubscribe(client: AcuityClient, target: string, id: string | undefined): Promise<number> {
  const ids = id ? [id] : (await listAcuityWebhooks(client)).filter((w) => w.target === target).map((w) => w.id);
  if (!ids.length) print(`No Acuity webhooks deliver to ${target}.`);
  for (const each of ids) print(`${each}: ${(await unsubscribeAcuityWebhook(client, each)).removed ? "removed" : "already gone"}`);
  return 0;
}

export async function runAcuityWebhooksCommand(args: string[], deps: { env?: Env; client?: AcuityClient } = {}): Promise<number> {
  const [verb, id] = args;
  if (verb !== "subscribe" && verb !== "list" && verb !== "unsubscribe") {
    printError("usage: minnow acuity webhooks subscribe | list | unsubscribe [id]");
    return 2;
  }
  try {
    const env = deps.env ?? cliEnv();
    const client = deps.client ?? clientFrom(env);
    const target = acuityWebhookTarget(env);
    if (verb === "subscribe") return await subscribe(client, target);
    if (verb === "list") return await list(client, target);
    return await unsubscribe(client, target, id);
  } catch (err) {
    printError((err as Error).message);
    return 1;
  }
}
