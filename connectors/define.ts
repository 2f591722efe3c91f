import type { z } from "zod";
import type { DataClass } from "../src/policy/baa-boundary.js";

/**
 * A connector is a declarative manifest (the Activepieces / Zapier shape): who the vendor is,
 * where it stands against the practice's BAA, what data it receives, how it authenticates,
 * and its triggers and actions. Auth lives in its own file; one trigger or action per file.
 */

/** What kinds of data flow to a connector; the BAA boundary maps each to a PHI class. */
export type { DataClass };

export interface BaaStance {
  /** Whether the vendor will sign a Business Associate Agreement at all. */
  offered: boolean;
  /** What the practice must attest before PHI may flow (plan, edition, signed date). */
  mustAttest: string;
}

export interface TriggerDefinition<TSample = unknown> {
  id: string;
  displayName: string;
  strategy: "polling" | "webhook";
  /** Why this strategy: the vendor's capability, its limits. */
  why: string;
  /** A PHI-free example of what the trigger emits. */
  sample: TSample;
}

export interface ActionDefinition {
  id: string;
  displayName: string;
  /** True when repeating the call with the same input has no further effect. */
  idempotent: boolean;
  description: string;
}

export interface ConnectorManifest<TAuth extends z.ZodType = z.ZodType> {
  id: string;
  displayName: string;
  baa: BaaStance;
  receives: DataClass[];
  auth: TAuth;
  triggers: TriggerDefinition[];
  actions: ActionDefinition[];
}

export function defineConnector<TAuth extends z.ZodType>(manifest: ConnectorManifest<TAuth>): ConnectorManifest<TAuth> {
  const ids = [...manifest.triggers.map((t) => t.id), ...manifest.actions.map((a) => a.id)];
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`Connector "${manifest.id}" declares "${dup}" twice; give each trigger and action a unique id.`);
  return manifest;
}
