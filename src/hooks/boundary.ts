/**
 * Every hook as a party of the BAA boundary, for `minnow boundary` and evaluateBoundary. A hook is
 * outside the BAA unless its URL is attested in `hooks.attestedDestinations`; either way it
 * receives references only (see events/minimize.ts), so an outside hook is an info finding, not an error.
 */
import { destinationStance, HOOK_DATA_CLASSES } from "../events/minimize.js";
import type { BaaAttestation, BoundaryFlow, BoundaryParty } from "../policy/baa-boundary.js";
import type { Services } from "../runtime/services.js";
import { listHooks } from "../store/hooks.js";

export interface HookBoundary {
  parties: BoundaryParty[];
  flows: BoundaryFlow[];
  /** Attestations implied by `hooks.attestedDestinations`, keyed by party id. */
  attestations: Record<string, BaaAttestation>;
}

export const hookPartyId = (hookId: string): string => `hook:${hookId}`;

export async function hookBoundaryParties(services: Pick<Services, "store" | "config">): Promise<HookBoundary> {
  const out: HookBoundary = { parties: [], flows: [], attestations: {} };
  for (const hook of await listHooks(services.store)) {
    const id = hookPartyId(hook.id);
    const attested = destinationStance(services.config, hook.targetUrl) === "attested";
    out.parties.push({
      id,
      displayName: `REST hook ${new URL(hook.targetUrl).host} (${hook.event})`,
      kind: "destination",
      baa: { offered: true, mustAttest: "list the exact target URL in hooks.attestedDestinations once a BAA covers it" },
    });
    out.flows.push({ to: id, classes: [...HOOK_DATA_CLASSES], automation: `hook ${hook.event}` });
    if (attested) out.attestations[id] = { signed: true, reference: "hooks.attestedDestinations" };
  }
  return out;
}
