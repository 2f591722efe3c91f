import type { SubscriptionTarget } from "../../connectors/fhir/subscriptions/build-subscription.js";
import { ConfigError, type Env } from "../config/env.js";
import { FHIR_SUBSCRIPTION_PATH } from "../server/routes/fhir-subscription-webhook.js";

/**
 * Where the EHR delivers the notifications of a Subscription minnow creates: PUBLIC_URL's receiver,
 * with FHIR_SUBSCRIPTION_TOKEN as the bearer header. `minnow fhir subscribe` and the console's EHR
 * page both ask here, so they create the same Subscription and refuse for the same reasons.
 */
export function subscriptionTargetProblems(env: Pick<Env, "PUBLIC_URL" | "FHIR_SUBSCRIPTION_TOKEN">): string[] {
  const problems: string[] = [];
  if (!env.PUBLIC_URL) problems.push("PUBLIC_URL is not set: the EHR needs this server's public https address to deliver notifications to.");
  if (!env.FHIR_SUBSCRIPTION_TOKEN) problems.push("FHIR_SUBSCRIPTION_TOKEN is not set: generate one with `openssl rand -hex 32`; the EHR sends it with each notification.");
  return problems;
}

export function subscriptionTarget(env: Pick<Env, "PUBLIC_URL" | "FHIR_SUBSCRIPTION_TOKEN">): SubscriptionTarget {
  const [problem] = subscriptionTargetProblems(env);
  if (problem || !env.PUBLIC_URL || !env.FHIR_SUBSCRIPTION_TOKEN) throw new ConfigError(problem ?? "PUBLIC_URL and FHIR_SUBSCRIPTION_TOKEN must be set.");
  return { endpoint: `${env.PUBLIC_URL.replace(/\/+$/, "")}${FHIR_SUBSCRIPTION_PATH}`, token: env.FHIR_SUBSCRIPTION_TOKEN };
}
