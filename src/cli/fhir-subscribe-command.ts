import { createFhirClient, type FhirClient } from "../../connectors/fhir/client.js";
import { createManagedSubscription, deleteManagedSubscription, listManagedSubscriptions } from "../../connectors/fhir/subscriptions/manage-subscriptions.js";
import { ConfigError, type Env } from "../config/env.js";
import { fhirAuthFromEnv } from "../runtime/create-sources.js";
import { subscriptionTarget } from "../runtime/fhir-subscription-target.js";
import { cliEnv, print, printError } from "./cli-env.js";

/**
 * `minnow fhir subscribe | subscriptions | unsubscribe <id>`: the rest-hook Subscription minnow
 * asks the EHR for (Backport IG topic form where advertised, else classic criteria), pointed at
 * PUBLIC_URL's receiver with FHIR_SUBSCRIPTION_TOKEN as the bearer header; and the list and
 * removal of those minnow created. Run `minnow start` first so the handshake has someone to answer.
 */
function clientFrom(env: Env): FhirClient {
  if (!env.FHIR_BASE_URL) throw new ConfigError("FHIR_BASE_URL is not set: Subscriptions are created on the practice's EHR.");
  return createFhirClient({ baseUrl: env.FHIR_BASE_URL, auth: fhirAuthFromEnv(env) });
}

async function subscribe(client: FhirClient, env: Env, waitMs?: number): Promise<number> {
  const created = await createManagedSubscription(client, subscriptionTarget(env), waitMs === undefined ? {} : { waitMs });
  print(`Created ${created.ref} (${created.form === "backport" ? "R4 Backport IG, topic-based" : "classic R4 criteria"}), status ${created.status}.`);
  if (created.status === "active") {
    print("The EHR's handshake reached this server and was accepted.");
    return 0;
  }
  if (created.status === "error") {
    printError(`The handshake failed${created.error ? `: ${created.error}` : ""}. Check that PUBLIC_URL reaches this server and FHIR_SUBSCRIPTION_TOKEN matches.`);
    return 1;
  }
  print("No handshake result yet: the EHR may send it later. Check with `minnow fhir subscriptions`.");
  return 0;
}

async function list(client: FhirClient): Promise<number> {
  const subscriptions = await listManagedSubscriptions(client);
  if (!subscriptions.length) print("minnow has no Subscriptions on this EHR.");
  for (const s of subscriptions) print(`Subscription/${s.id ?? "?"}  ${s.status}  ${s.criteria}  -> ${s.channel.endpoint ?? ""}`);
  return 0;
}

export async function runFhirSubscriptionsCommand(verb: "subscribe" | "list" | "unsubscribe", args: string[], deps: { env?: Env; client?: FhirClient; waitMs?: number } = {}): Promise<number> {
  try {
    const env = deps.env ?? cliEnv();
    const client = deps.client ?? clientFrom(env);
    if (verb === "subscribe") return await subscribe(client, env, deps.waitMs);
    if (verb === "list") return await list(client);
    const id = args[0]?.replace(/^Subscription\//, "");
    if (!id) {
      printError("usage: minnow fhir unsubscribe <id> (see `minnow fhir subscriptions`)");
      return 2;
    }
    await deleteManagedSubscription(client, id);
    print(`Deleted Subscription/${id}.`);
    return 0;
  } catch (err) {
    printError((err as Error).message);
    return 1;
  }
}
