import type { Resource } from "@medplum/fhirtypes";
import type { FhirClient } from "../../../connectors/fhir/client.js";
import { FhirRequestError } from "../../../connectors/fhir/fhir-error.js";
import type { Scenario } from "./scenario.js";

/**
 * Makes the workflows' FHIR client fail some calls, as the EHR would after the client's own
 * retries gave up. The test's own client (`scenario.fhir`) is left alone. A fault is a status
 * (or "timeout"); with `landed`, the call reaches the EHR and only its answer is lost.
 */
export type Fault = { status: number | "timeout"; landed?: boolean };

export type FaultedCall = { method: "read" | "update"; resourceType: string; id: string; resource?: Resource };

export interface Faults {
  /** Faults not used yet. */
  left(): number;
}

function errorFor(call: FaultedCall, fault: Fault): FhirRequestError {
  const what = `FHIR ${call.method} ${call.resourceType}/${call.id}`;
  if (fault.status === "timeout") return new FhirRequestError(`${what} timed out`, undefined, [], { cause: Object.assign(new Error("timeout"), { name: "TimeoutError" }) });
  return new FhirRequestError(`${what} failed with HTTP ${fault.status}`, fault.status, []);
}

/** The matching calls fail with `faults`, one each, in order (a null lets one through); after that they reach the EHR. */
export function injectFaults(s: Scenario, faults: readonly (Fault | null)[], matches: (call: FaultedCall) => boolean): Faults {
  const queue = [...faults];
  const inner = s.services.sources.fhir;
  if (!inner) throw new Error("The scenario has no FHIR source to make flaky.");
  async function through<T>(call: FaultedCall, real: () => Promise<T>): Promise<T> {
    const fault = matches(call) ? queue.shift() : undefined;
    if (!fault) return real();
    if (fault.landed) await real();
    throw errorFor(call, fault);
  }
  const flaky: FhirClient = {
    ...inner,
    read: <T extends Resource>(resourceType: T["resourceType"], id: string): Promise<T> => through({ method: "read", resourceType, id }, () => inner.read<T>(resourceType, id)),
    update: <T extends Resource & { id?: string }>(resource: T, options?: { ifMatchVersion?: string }): Promise<T> =>
      through({ method: "update", resourceType: resource.resourceType, id: resource.id ?? "", resource }, () => inner.update(resource, options)),
  };
  s.services.sources.fhir = flaky;
  return { left: () => queue.length };
}

export const times = (n: number, fault: Fault): Fault[] => Array.from({ length: n }, () => fault);

export const idOf = (ref: string): string => ref.split("/")[1] ?? "";

/** Moves the clock a step at a time, running what is due, for `total` ms, or until `done()`. */
export async function advance(s: Scenario, from: Date, total: number, stepMs: number, done: () => boolean = () => false): Promise<void> {
  for (let t = stepMs; t <= total && !done(); t += stepMs) {
    s.setNow(new Date(from.getTime() + t));
    await s.drain();
  }
}

export function unreachable(s: Scenario, workflowId: string) {
  return s.logs.filter((l) => l.event === "workflow.source_unreachable" && l.fields.workflowId === workflowId).map((l) => l.fields);
}

export const minutes = (n: number): number => n * 60_000;
