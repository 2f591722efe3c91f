import type { Appointment, Patient } from "@medplum/fhirtypes";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createFhirClient } from "../../../connectors/fhir/client.js";
import { mapAppointment } from "../../../connectors/fhir/map-appointment.js";
import { participantRef } from "../../../connectors/fhir/references.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import type { Services } from "../../../src/runtime/services.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { readAppointment, type FreshAppointment } from "../../../workflows/source-reads.js";
import { openTestServices, type TestServices } from "../../helpers/test-services.js";

/**
 * The sandbox EHR over HTTP, with msw in front of it: every request the workflows' FHIR client
 * makes is counted, and a test may answer some of them itself (a refused or failing search).
 * Whatever no handler answers goes through to the sandbox.
 */
export const NOW = new Date("2030-03-04T08:00:00Z");

export interface RereadEhr {
  ehr: SandboxEhr;
  msw: ReturnType<typeof setupServer>;
  /** The URLs requested since the test began. */
  requests: URL[];
  logs: LogRecord[];
  /** Services with a client of their own, so what one test's server refused does not carry over. */
  freshServices(): Services;
}

export function useRereadEhr(): RereadEhr {
  const msw = setupServer();
  let base: TestServices | undefined;
  const state = { requests: [] as URL[], logs: [] as LogRecord[] } as RereadEhr;
  state.msw = msw;
  beforeAll(async () => {
    setLogSink((record) => state.logs.push(record));
    state.ehr = await startSandboxEhr({ port: 0, seed: 7, now: NOW });
    base = await openTestServices({ now: NOW });
    msw.listen({ onUnhandledRequest: "bypass" });
    // A handler's own call to the sandbox (msw's bypass) is not the client's request.
    msw.events.on("request:start", ({ request }) => {
      if (!request.headers.get("accept")?.includes("msw/passthrough")) state.requests.push(new URL(request.url));
    });
  });
  afterEach(() => {
    msw.resetHandlers();
    state.requests.length = 0;
    state.logs.length = 0;
  });
  afterAll(async () => {
    msw.close();
    await state.ehr?.close();
    await base?.dispose();
    setLogSink(null);
  });
  state.freshServices = () => {
    if (!base) throw new Error("The test services are not open yet.");
    // Retries without waiting, so a failing EHR fails in milliseconds.
    const fhir = createFhirClient({ baseUrl: state.ehr.baseUrl, auth: { type: "none" } }, { retry: { sleep: async () => {} } });
    return { ...base, sources: { fhir } };
  };
  return state;
}

/** Searches of Appointment by `_id`, as the number of ids each asked for. */
export function idSearches(requests: readonly URL[]): number[] {
  return requests.filter((u) => u.pathname.endsWith("/Appointment") && u.searchParams.has("_id")).map((u) => (u.searchParams.get("_id") ?? "").split(",").length);
}

/** Plain reads, as "Type/id". */
export function reads(requests: readonly URL[]): string[] {
  return requests.flatMap((u) => /\/((?:Appointment|Patient)\/[^/]+)$/.exec(u.pathname)?.[1] ?? []);
}

/** `n` booked appointments that minnow can use (their patient has a mobile), skipping the first `from`. */
export function bookedRefs(ehr: SandboxEhr, n: number, from = 0): string[] {
  const patients = new Map([...ehr.repo.stored("Patient")].map((p) => [`Patient/${p.id}`, p as Patient]));
  const appointments = [...ehr.repo.stored("Appointment")] as Appointment[];
  const booked = appointments.filter((a) => a.status === "booked" && mapAppointment(a, patients.get(participantRef(a.participant, "Patient") ?? ""), NOW).ok);
  const refs = booked.slice(from, from + n).map((a) => `Appointment/${a.id}`);
  if (refs.length < n) throw new Error(`The sandbox has only ${refs.length} booked appointments past ${from}.`);
  return refs;
}

/** A new appointment like `ref`'s, changed by `change`; its ref. */
export async function copyAppointment(ehr: SandboxEhr, ref: string, change: (a: Appointment) => Appointment): Promise<string> {
  const original = await ehr.repo.readResource<Appointment>("Appointment", ref.split("/")[1] ?? "");
  const created = await ehr.repo.createResource<Appointment>(change({ ...original, id: undefined, meta: undefined }));
  return `Appointment/${created.id}`;
}

/** A new appointment like `ref`'s whose patient has since been deleted from the EHR; its ref. */
export async function appointmentOfDeletedPatient(ehr: SandboxEhr, ref: string): Promise<string> {
  const patient = await ehr.repo.createResource<Patient>({ resourceType: "Patient", name: [{ given: ["Gone"], family: "Synthetic" }], telecom: [{ system: "phone", value: "+13125550199", use: "mobile" }] });
  const copy = await copyAppointment(ehr, ref, (a) => ({ ...a, participant: [{ actor: { reference: `Patient/${patient.id}` }, status: "accepted" }] }));
  await ehr.repo.deleteResource("Patient", patient.id);
  return copy;
}

/** Every read started in the same turn. */
export function readTogether(services: Services, refs: readonly string[]): Promise<(FreshAppointment | null)[]> {
  return Promise.all(refs.map((ref) => readAppointment(services, ref)));
}

/** Each read alone, one after the other: what a re-read gave before batching. */
export async function readOneByOne(services: Services, refs: readonly string[]): Promise<(FreshAppointment | null)[]> {
  const out: (FreshAppointment | null)[] = [];
  for (const ref of refs) out.push(await readAppointment(services, ref));
  return out;
}
