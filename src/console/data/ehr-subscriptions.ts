import type { Subscription } from "@medplum/fhirtypes";
import type { CreatedSubscription } from "../../../connectors/fhir/subscriptions/manage-subscriptions.js";
import type { Tone } from "../words.js";

/**
 * The console's words for minnow's Subscriptions on the EHR: what state each is in, what the
 * handshake (the EHR's test message to minnow) showed, and what to do about it.
 */
export interface SubscriptionRow {
  id: string;
  kind: string;
  endpoint: string;
  state: { words: string; tone: Tone };
  explain: string;
}

const KIND = { backport: "topic-based (R4 Backport)", classic: "classic (R4 criteria)" } as const;
const capitalized = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

const STATES: Record<Subscription["status"], { words: string; tone: Tone; explain: string }> = {
  active: { words: "Working", tone: "ok", explain: "The EHR's test message reached minnow and was accepted, so appointment changes arrive within seconds." },
  requested: { words: "Waiting for the EHR", tone: "wait", explain: "The EHR has not said yet whether its test message reached minnow. Some EHRs check later: reload this page in a minute." },
  error: { words: "Not working", tone: "bad", explain: "The EHR's test message did not get through to minnow. Check that PUBLIC_URL is this server's public https address and that the EHR can reach it, then delete this one and create it again." },
  off: { words: "Turned off", tone: "muted", explain: "The EHR sends nothing for it. Delete it and create a new one." },
};

export function kindOf(subscription: Pick<Subscription, "meta">): string {
  return capitalized(subscription.meta?.profile?.some((p) => p.includes("backport")) ? KIND.backport : KIND.classic);
}

/** One listed Subscription in words; one sending somewhere other than this server is flagged. */
export function subscriptionRow(subscription: Subscription, currentEndpoint: string | undefined): SubscriptionRow {
  const endpoint = subscription.channel.endpoint ?? "";
  const base = { id: subscription.id ?? "?", kind: kindOf(subscription), endpoint };
  if (currentEndpoint && endpoint !== currentEndpoint) {
    return { ...base, state: { words: "Sends to another address", tone: "bad" }, explain: `It sends to ${endpoint || "no address"}, not to this server's ${currentEndpoint} (PUBLIC_URL changed since?). Delete it and create a new one.` };
  }
  const state = STATES[subscription.status];
  const why = subscription.status === "error" && subscription.error ? ` The EHR said: ${subscription.error}.` : "";
  return { ...base, state: { words: state.words, tone: state.tone }, explain: state.explain + why };
}

/** What the page says right after creating one: the handshake's result in plain words. */
export function createdNotice(created: CreatedSubscription, endpoint: string): { tone: Tone; text: string } {
  const name = `${created.ref}, ${created.form === "backport" ? KIND.backport : KIND.classic}`;
  if (created.status === "active") return { tone: "ok", text: `Created ${name}. The EHR sent its test message to ${endpoint} and minnow accepted it: the handshake worked. Appointment changes now start a sync at once.` };
  if (created.status === "error") {
    return { tone: "bad", text: `Created ${name}, but the EHR's test message did not get through to ${endpoint}${created.error ? ` (the EHR said: ${created.error})` : ""}. Check that PUBLIC_URL is this server's public address and that the EHR can reach it, then delete it and try again.` };
  }
  return { tone: "wait", text: `Created ${name}. The EHR has not confirmed its test message yet (it may check later). Reload this page in a minute to see whether it is working.` };
}
