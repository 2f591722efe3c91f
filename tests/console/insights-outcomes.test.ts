import type { Appointment } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { median } from "../../src/console/data/insights-outcomes.js";
import { readInsights } from "../../src/console/data/insights.js";
import { appendAudit } from "../../src/store/audit-log.js";
import { createFhirClient } from "../../connectors/fhir/client.js";
import type { SandboxEhr } from "../../src/sandbox/ehr-server.js";
import { appendEvent } from "../../src/store/events.js";
import { openConsoleRig, openConsoleRigWithEhr, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/** Insights on outcomes: no-shows before and with reminders (from the EHR), and waitlist fills. */
let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const ZONE = "America/Chicago";
const at = (iso: string) => new Date(iso);
const RANGE = { from: at("2026-11-23T06:00:00Z"), to: at("2026-11-28T06:00:00Z"), bucket: "day" as const, zone: ZONE };

async function pastVisits(r: ConsoleRig & { ehr: SandboxEhr }) {
  const patient = (await r.ehr.repo.searchResources<Appointment>({ resourceType: "Appointment" }))[0]?.participant?.[0]?.actor;
  const visit = (id: string, start: string, status: Appointment["status"]) =>
    r.ehr.repo.createResource({ resourceType: "Appointment", id, status, start, end: new Date(Date.parse(start) + 1_800_000).toISOString(), participant: [{ actor: patient ?? { reference: "Patient/none" }, status: "accepted" }] });
  await visit("past-1", "2026-11-23T16:00:00Z", "noshow");
  await visit("past-2", "2026-11-23T17:00:00Z", "fulfilled");
  await visit("past-3", "2026-11-23T18:00:00Z", "cancelled");
  await visit("past-4", "2026-11-24T16:00:00Z", "booked");
  for (const [i, hour] of ["16", "17", "18"].entries()) await visit(`past-${5 + i}`, `2026-11-26T${hour}:00:00Z`, "fulfilled");
  await visit("past-8", "2026-11-26T19:00:00Z", "noshow");
  // minnow's first text: the line between before and with reminders.
  await appendAudit(r.services.store, { actor: "workflow:appointment-reminder", action: "message.sent", subjectRef: "Appointment/x", decision: "send", reasons: [], details: { templateId: "appointment-reminder" }, at: at("2026-11-25T12:00:00Z") });
}

async function waitlistHistory(r: ConsoleRig) {
  const { store } = r.services;
  const event = (type: string, refs: Record<string, string>, when: string) => appendEvent(store, { type, refs, occurredAt: at(when) });
  // c1: cancellation seen by sync, taken 45 minutes later.
  await event("appointment.cancelled", { appointmentRef: "Appointment/c1" }, "2026-11-24T15:00:00Z");
  await event("waitlist.offer_sent", { cancelledRef: "Appointment/c1", waitlistRef: "wl_1", patientRef: "Patient/w1" }, "2026-11-24T15:05:00Z");
  await event("waitlist.slot_filled", { cancelledRef: "Appointment/c1", bookedRef: "Appointment/b1", patientRef: "Patient/w1" }, "2026-11-24T15:45:00Z");
  // c2: staff started the fill by hand; taken two hours later.
  await appendAudit(store, { actor: "staff:s1", action: "console.fill_started", subjectRef: "Appointment/c2", decision: "started", reasons: [], details: {}, at: at("2026-11-24T16:00:00Z") });
  await event("waitlist.offer_sent", { cancelledRef: "Appointment/c2", waitlistRef: "wl_2", patientRef: "Patient/w2" }, "2026-11-24T16:01:00Z");
  await event("waitlist.slot_filled", { cancelledRef: "Appointment/c2", bookedRef: "Appointment/b2", patientRef: "Patient/w2" }, "2026-11-24T18:00:00Z");
  // c3: offered, nobody took it.
  await event("waitlist.offer_sent", { cancelledRef: "Appointment/c3", waitlistRef: "wl_3", patientRef: "Patient/w3" }, "2026-11-26T16:00:00Z");
  // Before the range: not counted.
  await event("waitlist.slot_filled", { cancelledRef: "Appointment/c0", bookedRef: "Appointment/b0", patientRef: "Patient/w0" }, "2026-11-20T16:00:00Z");
}

const seriesOf = (insights: Awaited<ReturnType<typeof readInsights>>, id: string) => insights.charts.find((c) => c.id === id);

describe("insights: outcomes", () => {
  it("rates no-shows from the EHR before and after minnow's first text, leaving out cancelled and future appointments", async () => {
    const r = await openConsoleRigWithEhr();
    rig = r;
    await pastVisits(r);
    const chart = seriesOf(await readInsights(r.services, RANGE), "no-show");
    expect(chart?.series).toEqual([
      { label: "no-shows % before reminders", values: [50, 0, null, null, null] },
      { label: "no-shows % with reminders", values: [null, null, null, 25, null] },
    ]);
    expect(chart?.summary).toBe("Before reminders: 33.3% of 3 appointments were no-shows. With reminders: 25% of 4 appointments were no-shows.");
    expect(chart?.about).toContain("minnow's first text went on 2026-11-25");
  });

  it("says plainly when there is no schedule to rate and no text sent yet", async () => {
    rig = await openConsoleRig();
    const chart = seriesOf(await readInsights(rig.services, RANGE), "no-show");
    expect(chart?.series.every((s) => s.values.every((v) => v === null))).toBe(true);
    expect(chart?.summary).toBe("Without reminders: no appointments in these dates.");
    expect(chart?.about).toContain("minnow has not sent a text yet");
  });

  // The EHR client retries a refused connection with backoff before giving up (about 15 s).
  it("says which schedule source could not be read, instead of failing the page", { timeout: 60_000 }, async () => {
    rig = await openConsoleRig({ services: { sources: { fhir: createFhirClient({ baseUrl: "http://127.0.0.1:9/fhir/R4", auth: { type: "none" } }) } } });
    const chart = seriesOf(await readInsights(rig.services, RANGE), "no-show");
    expect(chart?.summary).toBe("Without reminders: no appointments in these dates. The EHR could not be read just now, so its appointments are missing here.");
  });

  it("counts openings offered and filled, and the median minutes from cancellation to booking", async () => {
    rig = await openConsoleRig();
    await waitlistHistory(rig);
    const insights = await readInsights(rig.services, RANGE);
    expect(seriesOf(insights, "waitlist-fills")?.series).toEqual([
      { label: "openings offered", values: [0, 2, 0, 1, 0] },
      { label: "openings filled", values: [0, 2, 0, 0, 0] },
    ]);
    expect(seriesOf(insights, "waitlist-time")?.series).toEqual([{ label: "median minutes", values: [null, 82.5, null, null, null] }]);
    expect(JSON.stringify(insights)).not.toContain("Patient/");
  });

  it("shows blank days as 'none' in the table and as empty cells in the CSV, never as a zero rate", async () => {
    rig = await openConsoleRig();
    await waitlistHistory(rig);
    const manager = await rig.signIn("manager");
    const text = await pageText(await manager.get("/insights?from=2026-11-23&to=2026-11-27&bucket=day"));
    expect(text).toContain("Time from cancellation to booking");
    expect(text).toContain("2026-11-24 82.5 min");
    expect(text).toContain("2026-11-23 none");
    const csv = await (await manager.get("/insights/waitlist-time.csv?from=2026-11-23&to=2026-11-27&bucket=day")).text();
    expect(csv).toBe("day,median minutes\r\n2026-11-23,\r\n2026-11-24,82.5\r\n2026-11-25,\r\n2026-11-26,\r\n2026-11-27,\r\n");
  });

  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
  });
});
