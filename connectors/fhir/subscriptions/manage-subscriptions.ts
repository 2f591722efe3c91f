import type { Subscription } from "@medplum/fhirtypes";
import type { FhirClient } from "../client.js";
import { resourcesOfType, searchPages } from "../search-pages.js";
import { appointmentTopic, buildSubscription, MINNOW_TAG, type SubscriptionTarget } from "./build-subscription.js";

/**
 * Creating, listing and deleting the Subscriptions minnow manages on the EHR. After creating one,
 * minnow reads it back until the server reports the handshake's outcome: `active` (the handshake
 * reached minnow's receiver and was accepted), `error` (it did not), or still `requested`.
 */
export interface CreatedSubscription {
  ref: string;
  form: "backport" | "classic";
  status: Subscription["status"];
  error?: string;
}

export async function createManagedSubscription(client: FhirClient, target: SubscriptionTarget, opts: { waitMs?: number; pollMs?: number } = {}): Promise<CreatedSubscription> {
  const topic = appointmentTopic(await client.metadata().catch(() => undefined));
  const created = await client.create(buildSubscription(target, topic));
  const ref = `Subscription/${created.id ?? ""}`;
  let current: Subscription = created;
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  while (current.status === "requested" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    current = await client.read<Subscription>("Subscription", created.id ?? "");
  }
  return { ref, form: topic ? "backport" : "classic", status: current.status, ...(current.error ? { error: current.error } : {}) };
}

export async function listManagedSubscriptions(client: FhirClient): Promise<Subscription[]> {
  const found: Subscription[] = [];
  for await (const page of searchPages(client, "Subscription", { _tag: `${MINNOW_TAG.system}|${MINNOW_TAG.code}` })) {
    // Filtered again here: a server that ignores _tag must not hand us someone else's Subscription.
    found.push(...resourcesOfType<Subscription>(page, "Subscription").filter((s) => s.meta?.tag?.some((t) => t.system === MINNOW_TAG.system && t.code === MINNOW_TAG.code)));
  }
  return found;
}

/** Deletes one of minnow's Subscriptions; refuses one minnow did not create. */
export async function deleteManagedSubscription(client: FhirClient, id: string): Promise<void> {
  const ours = (await listManagedSubscriptions(client)).some((s) => s.id === id);
  if (!ours) throw new Error(`Subscription/${id} is not one minnow created (no ${MINNOW_TAG.system}|${MINNOW_TAG.code} tag); delete it in the EHR if it should go.`);
  await client.remove("Subscription", id);
}
