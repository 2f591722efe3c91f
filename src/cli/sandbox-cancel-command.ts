import type { Appointment } from "@medplum/fhirtypes";
import { addHours } from "date-fns";
import { cancelAppointment } from "../../connectors/fhir/actions/cancel-appointment.js";
import { createFhirClient, type FhirClient } from "../../connectors/fhir/client.js";
import { buildWorkflows } from "../../workflows/index.js";
import { liveSandboxState } from "../runtime/sandbox-state.js";
import type { Store } from "../store/db.js";
import { getSeen } from "../store/sync-seen.js";
import { queueSync } from "../runtime/sync-now.js";
import { cliEnv, print, printError, withStore } from "./cli-env.js";

/** Waitlist requests in the sandbox start up to 3 days out, so a slot beyond that has candidates. */
const WAITLIST_REACH_HOURS = 80;

/**
 * The first booked appointment far enough ahead for waitlisted patients to want it, among those
 * sync already tracks (an appointment skipped for having no mobile number frees no slot minnow saw).
 */
async function pickAppointment(fhir: FhirClient, store: Store, now: Date): Promise<string | undefined> {
  const bundle = await fhir.search("Appointment", { status: "booked", date: `ge${addHours(now, WAITLIST_REACH_HOURS).toISOString()}`, _sort: "date", _count: "50" });
  const candidates = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Appointment => r?.resourceType === "Appointment" && r.id !== undefined);
  for (const appointment of candidates) {
    const seen = await getSeen(store, "appointment:fhir", `Appointment/${appointment.id}`);
    if (seen?.status === "booked") return appointment.id;
  }
  return undefined;
}

/**
 * `minnow sandbox cancel [appointment-id]`: cancels an appointment in the sandbox EHR, as the
 * front desk would, then queues a sync so the freed slot is offered to the waitlist at once.
 */
export async function runSandboxCancelCommand(args: string[]): Promise<number> {
  const env = cliEnv();
  const state = liveSandboxState(env.DATA_DIR);
  if (!state?.ehrBaseUrl) {
    printError(`No sandbox EHR is running from ${env.DATA_DIR}: start one with \`npm start\` (same DATA_DIR, no FHIR_BASE_URL).`);
    return 1;
  }
  const fhir = createFhirClient({ baseUrl: state.ehrBaseUrl, auth: { type: "none" } });
  const id = args[0] ?? (await withStore(env, (store) => pickAppointment(fhir, store, new Date())));
  if (!id) {
    printError("No booked appointment found far enough ahead; pass an id: minnow sandbox cancel <appointment-id>.");
    return 1;
  }
  const { changed } = await cancelAppointment(fhir, { appointmentRef: `Appointment/${id}`, reasonCode: "pat" });
  print(changed ? `Cancelled Appointment/${id} in the sandbox EHR.` : `Appointment/${id} was already cancelled.`);
  const { runId } = await withStore(env, (store) => queueSync(env, store, buildWorkflows));
  print(`Queued a sync (run ${runId}); watch the log for the waitlist fill, then: npx minnow sandbox outbox`);
  return 0;
}
