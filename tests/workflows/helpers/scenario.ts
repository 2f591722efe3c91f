import type { Appointment, Invoice, Patient } from "@medplum/fhirtypes";
import { createFhirClient, type FhirClient } from "../../../connectors/fhir/client.js";
import { createEmbeddedEngine, type EmbeddedEngine } from "../../../src/engine/embedded/index.js";
import { setLogSink, type LogRecord } from "../../../src/log.js";
import type { Services } from "../../../src/runtime/services.js";
import { startSandboxEhr, type SandboxEhr } from "../../../src/sandbox/ehr-server.js";
import { buildPractice } from "../../../src/sandbox/seed-practice.js";
import { buildWorkflows, workflowList, type MinnowWorkflows } from "../../../workflows/index.js";
import { MemorySmsGateway, openTestServices, type TestServices } from "../../helpers/test-services.js";

/**
 * A whole practice for workflow scenarios: the sandbox EHR over HTTP (emptied of its seeded
 * schedule so each test writes exactly what it needs), a real test store, the real embedded
 * engine on a clock the test moves, and an SMS outbox.
 */
export const BASE = new Date("2026-12-01T15:00:00Z"); // Tuesday 09:00 in Chicago

export const CONSENT_FROM_EHR = { scopes: ["appointment", "waitlist", "billing"], phiLevel: "none", evidence: "Intake form v3, SMS section" };

/** What a scenario offers whichever engine runs the workflows. */
export interface PracticeScenario {
  services: Services;
  ehr: SandboxEhr;
  fhir: FhirClient;
  sms: MemorySmsGateway;
  workflows: MinnowWorkflows;
  logs: LogRecord[];
  setNow(at: Date): void;
  /** Runs everything due at the clock's now until idle. */
  drain(): Promise<void>;
  /** Starts one sync run and drains. */
  sync(): Promise<void>;
  dispose(): Promise<void>;
}

/** A scenario on the embedded engine. */
export interface Scenario extends PracticeScenario {
  engine: EmbeddedEngine;
  /** A fresh engine on the same store, as after a process restart. */
  restart(): Promise<void>;
}

const SEED = 11;
const SIZE = { patients: 3, appointments: 1 };

async function emptySchedule(ehr: SandboxEhr): Promise<void> {
  for (const resource of buildPractice({ seed: SEED, now: BASE, size: SIZE })) {
    if ((resource.resourceType === "Appointment" || resource.resourceType === "Invoice") && resource.id) await ehr.repo.deleteResource(resource.resourceType, resource.id);
  }
}

/** The practice without an engine yet: the EHR, the store, the SMS outbox, and workflows bound to `services`. */
export interface Practice {
  base: TestServices;
  ehr: SandboxEhr;
  fhir: FhirClient;
  logs: LogRecord[];
  workflows: MinnowWorkflows;
  /** Complete once the caller sets its engine. */
  services: Services;
  dispose(): Promise<void>;
}

export async function openPractice(config: Record<string, unknown> = {}): Promise<Practice> {
  const logs: LogRecord[] = [];
  setLogSink((r) => logs.push(r));
  const ehr = await startSandboxEhr({ port: 0, seed: SEED, now: BASE, size: SIZE });
  await emptySchedule(ehr);
  const base: TestServices = await openTestServices({ now: BASE, config: { consent: { fromEhr: CONSENT_FROM_EHR }, ...config } });
  const fhir = createFhirClient({ baseUrl: ehr.baseUrl, auth: { type: "none" } });
  const services: Services = { ...base, sources: { fhir } };
  const workflows = buildWorkflows(() => services);
  return {
    base,
    ehr,
    fhir,
    logs,
    workflows,
    services,
    async dispose() {
      await ehr.close();
      await base.dispose();
      setLogSink(null);
    },
  };
}

export async function openScenario(config: Record<string, unknown> = {}): Promise<Scenario> {
  const practice = await openPractice(config);
  const { base, workflows, services } = practice;
  const makeEngine = () => createEmbeddedEngine({ store: base.store, workflows: workflowList(workflows), clock: base.clock, pollIntervalMs: 20 });
  let engine = makeEngine();
  services.engine = engine;
  let syncs = 0;
  const scenario: Scenario = {
    services,
    ehr: practice.ehr,
    fhir: practice.fhir,
    sms: base.sms,
    workflows,
    get engine() {
      return engine;
    },
    logs: practice.logs,
    setNow: base.setNow,
    drain: () => engine.drain({ maxMs: 20_000 }),
    async sync() {
      await engine.start(workflows.sync, {}, { key: `test-sync:${++syncs}` });
      await engine.drain({ maxMs: 20_000 });
    },
    async restart() {
      await engine.stop();
      engine = makeEngine();
      services.engine = engine;
    },
    async dispose() {
      await engine.stop();
      await practice.dispose();
    },
  };
  return scenario;
}

let phoneLine = 101;

/** A patient with a mobile phone (555-01xx, unless `phone` names one) in the given state and area code. */
export async function createPatient(fhir: FhirClient, opts: { areaCode?: string; state?: string; language?: string; phone?: string } = {}): Promise<{ ref: string; phone: string }> {
  const phone = opts.phone ?? `+1${opts.areaCode ?? "312"}5550${String(phoneLine++).padStart(3, "0")}`;
  const patient: Patient = {
    resourceType: "Patient",
    name: [{ given: ["Testa"], family: "Fictional" }],
    telecom: [{ system: "phone", value: phone, use: "mobile" }],
    address: [{ use: "home", state: opts.state ?? "IL" }],
    ...(opts.language ? { communication: [{ language: { coding: [{ system: "urn:ietf:bcp:47", code: opts.language }] }, preferred: true }] } : {}),
  };
  const created = await fhir.create(patient);
  return { ref: `Patient/${created.id ?? ""}`, phone };
}

/** A waitlist entry (an Appointment with status "waitlist") for the ten days from BASE; returns its ref. */
export async function createWaitlistEntry(fhir: FhirClient, patientRef: string, created: string): Promise<string> {
  const entry: Appointment = {
    resourceType: "Appointment",
    status: "waitlist",
    priority: 1,
    created,
    requestedPeriod: [{ start: BASE.toISOString(), end: at(BASE, hours(24 * 10)).toISOString() }],
    participant: [{ actor: { reference: patientRef }, status: "needs-action" }],
  };
  return `Appointment/${(await fhir.create(entry)).id ?? ""}`;
}

export async function createAppointment(fhir: FhirClient, patientRef: string, start: Date, opts: { practitioner?: string; location?: string } = {}): Promise<string> {
  const appointment: Appointment = {
    resourceType: "Appointment",
    status: "booked",
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    participant: [
      { actor: { reference: patientRef }, status: "needs-action" },
      { actor: { reference: `Practitioner/${opts.practitioner ?? "prac-1"}` }, status: "accepted" },
      { actor: { reference: `Location/${opts.location ?? "loc-north"}` }, status: "accepted" },
    ],
  };
  const created = await fhir.create(appointment);
  return `Appointment/${created.id ?? ""}`;
}

/** A family sharing one phone: a patient with a booking at each start (not synced yet); returns their refs. */
export async function createFamily(fhir: FhirClient, phone: string, starts: readonly Date[]): Promise<string[]> {
  const refs: string[] = [];
  for (const start of starts) {
    const { ref } = await createPatient(fhir, { phone });
    await createAppointment(fhir, ref, start);
    refs.push(ref);
  }
  return refs;
}

/** A patient with a booking (two days out unless `start` says), synced: contact and the EHR's consent imported. */
export async function syncedBooking(scenario: PracticeScenario, start = at(BASE, hours(48))): Promise<{ patientRef: string; phone: string; appointmentRef: string; start: Date }> {
  const patient = await createPatient(scenario.fhir);
  const appointmentRef = await createAppointment(scenario.fhir, patient.ref, start);
  await scenario.sync();
  return { patientRef: patient.ref, phone: patient.phone, appointmentRef, start };
}

export async function updateAppointment(fhir: FhirClient, ref: string, change: (a: Appointment) => Appointment): Promise<Appointment> {
  const current = await fhir.read<Appointment>("Appointment", ref.split("/")[1] ?? "");
  return fhir.update(change(current));
}

export async function createInvoice(fhir: FhirClient, patientRef: string): Promise<string> {
  const invoice: Invoice = { resourceType: "Invoice", status: "issued", subject: { reference: patientRef }, date: BASE.toISOString() };
  const created = await fhir.create(invoice);
  return `Invoice/${created.id ?? ""}`;
}

export const hours = (n: number): number => n * 3_600_000;
export const at = (base: Date, ms: number): Date => new Date(base.getTime() + ms);
