/** Pulls appointments and balances from every source now instead of at the next interval. */
import zapier, { type Bundle, type ZObject } from "zapier-platform-core";
import { idempotencyKeyField, postAction } from "../minnow-api.js";

export const syncNow = zapier.defineCreate({
  key: "sync_now",
  noun: "Sync",
  display: { label: "Sync Now", description: "Pulls appointments and balances from the EHR and scheduler now." },
  operation: {
    inputFields: [idempotencyKeyField],
    perform: async (z: ZObject, bundle: Bundle) => postAction<{ runId: string; started: boolean }>(z, bundle, "/actions/sync-now", undefined, bundle.inputData.idempotencyKey),
    sample: { runId: "sync:api-1", started: true },
    outputFields: [{ key: "runId", label: "Sync Run ID" }, { key: "started", label: "Started", type: "boolean" }],
  },
});
