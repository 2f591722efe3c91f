import type { Appointment } from "@medplum/fhirtypes";
import { cancelAppointment } from "../../connectors/fhir/actions/cancel-appointment.js";
import { createFhirClient } from "../../connectors/fhir/client.js";
import { buildWorkflows } from "../../workflows/index.js";
import { parsePracticeConfig, readEnvPracticeConfig } from "../config/practice.js";
import { liveSandboxState, sandboxNow } from "../runtime/sandbox-state.js";
import { withSandboxZone } from "../runtime/sandbox-start.js";
import { queueSync } from "../runtime/sync-now.js";
import { loadOrCreateAnchor } from "../sandbox/sandbox-anchor.js";
import { sandboxFiles } from "../sandbox/sandbox-files.js";
import { cliEnv, print, printError, withStore } from "./cli-env.js";
import { pickCancellation, waitlistEntries, waitlistersFor, type Waitlister } from "./sandbox-cancel-pick.js";

function when(appointment: Appointment, timeZone: string): string {
  const start = appointment.start ? new Date(appointment.start) : undefined;
  if (!start) return "no start time";
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(start);
}

function nextSteps(waitlisters: readonly Waitlister[], batchSize: number, holdMinutes: number): string[] {
  if (waitlisters.length === 0) return ["No waitlisted patient can take this slot (their requested dates do not cover it, or they had an offer this week), so no offer will go out."];
  const first = waitlisters.slice(0, batchSize);
  const reachable = first.filter((w) => !w.quietHours);
  const a = reachable[0];
  const b = reachable.find((w) => w.phone !== a?.phone);
  const lines = [
    `${waitlisters.length} waitlisted patient(s) asked for a time that covers it. The first ${first.length} (waitlist.batchSize is ${batchSize}) are offered it within seconds, each offer held ${holdMinutes} minutes:`,
    ...first.map((w) => `  ${w.phone}${w.quietHours ? "  (quiet hours where this patient is: no offer now)" : ""}`),
    "Then, in this terminal:",
    `  npx minnow sandbox outbox --limit ${first.length}`,
  ];
  if (a) lines.push(`  npx minnow sandbox reply ${a.phone} YES   # the first YES books the slot`);
  if (b) lines.push(`  npx minnow sandbox reply ${b.phone} YES   # a later YES hears it was just filled`);
  return lines;
}

/**
 * `minnow sandbox cancel [appointment-id]`: cancels an appointment in the sandbox EHR, as the
 * front desk would, then queues a sync so the freed slot is offered to the waitlist at once. It
 * says who will be offered the slot and what to type next, from this sandbox's own data.
 */
export async function runSandboxCancelCommand(args: string[]): Promise<number> {
  const env = cliEnv();
  const state = liveSandboxState(env.DATA_DIR);
  if (!state?.ehrBaseUrl) {
    printError(`No sandbox EHR is running from ${env.DATA_DIR}: start one with \`npm start\` (same DATA_DIR, no FHIR_BASE_URL).`);
    return 1;
  }
  const config = parsePracticeConfig(readEnvPracticeConfig(env)?.raw ?? {});
  const { batchSize, holdMinutes } = config.waitlist;
  const timeZone = loadOrCreateAnchor(sandboxFiles(env.DATA_DIR).anchor, sandboxNow(state)).timeZone;
  // The sandbox places the practice in its zone (sandbox-start.ts), unless the config names one.
  const rules = { batchSize, practiceTimeZone: withSandboxZone(config, readEnvPracticeConfig(env)?.raw ?? {}, timeZone).practice.timeZone };
  const fhir = createFhirClient({ baseUrl: state.ehrBaseUrl, auth: { type: "none" } });
  const now = sandboxNow(state);
  const chosen = await withStore(env, async (store) => {
    const id = args[0];
    if (!id) return pickCancellation(fhir, store, now, rules);
    const appointment = await fhir.read<Appointment>("Appointment", id.replace(/^Appointment\//, ""));
    return { appointment, waitlisters: await waitlistersFor(fhir, store, appointment, await waitlistEntries(fhir), now, rules) };
  });
  if (!chosen?.appointment.id) {
    printError("No booked appointment a day or more ahead has two waitlisted patients, on two phones and outside quiet hours, left to offer it to. Pass an id (npx minnow sandbox cancel <appointment-id>), or start over with npx minnow sandbox reset.");
    return 1;
  }
  const { appointment, waitlisters } = chosen;
  const ref = `Appointment/${appointment.id ?? ""}`;
  const { changed } = await cancelAppointment(fhir, { appointmentRef: ref, reasonCode: "pat" });
  print(changed ? `Cancelled ${ref} (${when(appointment, timeZone)}) in the sandbox EHR.` : `${ref} was already cancelled.`);
  const { runId } = await withStore(env, (store) => queueSync(env, store, buildWorkflows, sandboxNow(state)));
  print(`Queued a sync (run ${runId}): it sees the cancellation and starts the waitlist fill (log: sync.summary with cancelled: 1, then waitlist.offer_sent).`);
  if (changed) for (const line of nextSteps(waitlisters, batchSize, holdMinutes)) print(line);
  return 0;
}
