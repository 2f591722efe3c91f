/**
 * Makes the sandbox produce one real event of each type the integrations trigger on, the way a
 * practice would: appointments in the EHR, a sync, reminders at Twilio, signed patient replies, a
 * cancellation that the waitlist fills, one nobody can fill, a no-show that a practice's recipe
 * acts on, and a text Twilio refuses.
 */
import { at, BASE, createAppointment, createPatient, createWaitlistEntry, hours, updateAppointment } from "../../tests/workflows/helpers/scenario.js";
import { API_KEY, type Stack } from "../../tests/e2e/helpers/e2e-stack.js";

/** Each reply to the reminder's "Reply C to confirm or R to reschedule", and the event it makes. */
const REPLIES = [
  { body: "C", event: "appointment.confirmed" },
  { body: "R", event: "appointment.reschedule_requested" },
  { body: "N", event: "appointment.declined" },
  { body: "is there parking nearby", event: "reply.unrecognized" },
  { body: "STOP", event: "patient.opted_out" },
] as const;

/** The event types produceTriggerEvents makes at least one of. */
export const PRODUCED_EVENT_TYPES = [
  ...REPLIES.map((r) => r.event),
  "appointment.cancelled",
  "waitlist.offer_sent",
  "waitlist.slot_filled",
  "waitlist.expired",
  "message.sent",
  "message.failed",
  "appointment.no_show",
  "automation.run_finished",
] as const;

/** A practice's own recipe, created and turned on over the API as a builder would: a no-show opens a staff inbox item. */
const NOTE_NO_SHOWS = { id: "note-no-shows", recipe: { name: "Note no-shows", trigger: { on: "appointment.no_show" }, steps: [{ id: "note", kind: "inbox", note: "Missed visit: call the patient." }] } };

async function turnOnRecipe(stack: Stack): Promise<void> {
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${stack.serverUrl}/api${path}`, { method: "POST", headers: { "x-api-key": API_KEY, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`POST /api${path} answered ${res.status}: ${await res.text()}`);
  };
  await call("/automations", NOTE_NO_SHOWS);
  await call(`/automations/${NOTE_NO_SHOWS.id}/activate`);
}

const cancel = (stack: Stack, ref: string) => updateAppointment(stack.scenario.fhir, ref, (a) => ({ ...a, status: "cancelled" }));

export async function produceTriggerEvents(stack: Stack): Promise<void> {
  const s = stack.scenario;
  const start = at(BASE, hours(25));
  const repliers = [];
  for (const reply of REPLIES) {
    const patient = await createPatient(s.fhir);
    await createAppointment(s.fhir, patient.ref, start);
    repliers.push({ ...reply, phone: patient.phone });
  }
  const filled = await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, at(BASE, hours(50)));
  const unfilled = await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, at(BASE, hours(52)));
  const missed = await createAppointment(s.fhir, (await createPatient(s.fhir)).ref, at(BASE, hours(54)));
  const refused = await createPatient(s.fhir);
  await createAppointment(s.fhir, refused.ref, at(BASE, hours(30)));
  const waiting = await createPatient(s.fhir);
  await createWaitlistEntry(s.fhir, waiting.ref, "2026-11-01T00:00:00Z");

  await s.sync();
  s.setNow(at(BASE, hours(1)));
  await s.drain(); // the 24h reminders of the appointments at +25h go out, each with the confirm prompt
  for (const reply of repliers) await stack.reply(reply.phone, reply.body);

  await cancel(stack, filled);
  await s.sync(); // the only waitlisted patient is offered the slot...
  await stack.reply(waiting.phone, "YES"); // ...and takes it
  await cancel(stack, unfilled);
  await s.sync(); // nobody is left on the waitlist: the opening expires
  await turnOnRecipe(stack);
  await updateAppointment(s.fhir, missed, (a) => ({ ...a, status: "noshow" }));
  await s.sync(); // the EHR marks an appointment no-show, which starts the recipe...
  await s.drain(); // ...whose run opens its inbox item and finishes

  stack.twilio.failNext(1, { status: 400, code: 21211, message: "Invalid 'To' Phone Number" });
  s.setNow(at(BASE, hours(6)));
  await s.drain(); // the reminder for the appointment at +30h is refused by Twilio
}
