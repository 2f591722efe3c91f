/** Puts a patient on minnow's waitlist, so a freed slot in that period is offered to them. */
import zapier, { type Bundle, type ZObject } from "zapier-platform-core";
import { idempotencyKeyField, postAction } from "../minnow-api.js";

export const addToWaitlist = zapier.defineCreate({
  key: "add_to_waitlist",
  noun: "Waitlist Entry",
  display: { label: "Add to Waitlist", description: "Puts a patient on minnow's waitlist for a period, to be offered freed slots." },
  operation: {
    inputFields: [
      { key: "patientRef", label: "Patient", required: true, helpText: "The patient's reference, e.g. `Patient/123`." },
      { key: "requestedStart", label: "From", required: true, type: "datetime" },
      { key: "requestedEnd", label: "Until", required: true, type: "datetime" },
      { key: "priority", label: "Priority", required: false, type: "integer", helpText: "1 (most urgent) to 9; default 5." },
      idempotencyKeyField,
    ],
    perform: async (z: ZObject, bundle: Bundle) => {
      const { patientRef, requestedStart, requestedEnd, priority, idempotencyKey } = bundle.inputData;
      return postAction<{ id: string; warnings: string[] }>(z, bundle, "/actions/add-to-waitlist", { patientRef, requestedStart, requestedEnd, ...(priority ? { priority: Number(priority) } : {}) }, idempotencyKey);
    },
    sample: { id: "wl_01KAW9P0ZR7S4Q2N3M5B8C1D0G", warnings: [] },
    outputFields: [{ key: "id", label: "Waitlist Entry ID" }, { key: "warnings", label: "Warnings", list: true }],
  },
});
