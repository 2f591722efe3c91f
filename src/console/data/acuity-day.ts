import { z } from "zod";
import { mapAcuityAppointment } from "../../../connectors/acuity/map-appointment.js";
import { listAcuityAppointments } from "../../../connectors/acuity/pull-appointments.js";
import type { Services } from "../../runtime/services.js";
import type { Visit } from "./day-schedule.js";

/**
 * One day's appointments as Acuity has them now, cancelled ones included. Acuity reads dates in
 * the account's own time zone, so minnow asks for the day before through the day after and keeps
 * what starts inside the window. An appointment minnow cannot read (no start, no usable phone) is
 * left out here as in the sync, and counted in the sync's skipped figures.
 */
const names = z.object({ firstName: z.string().optional(), lastName: z.string().optional() }).passthrough();
const DAY_MS = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

function nameOf(raw: unknown): string {
  const parsed = names.safeParse(raw);
  const full = parsed.success ? [parsed.data.firstName, parsed.data.lastName].filter((part) => part?.trim()).join(" ") : "";
  return full || "No name in Acuity";
}

export async function readAcuityDay(acuity: NonNullable<Services["sources"]["acuity"]>, window: { from: Date; to: Date }): Promise<Visit[]> {
  const { lists } = await listAcuityAppointments(acuity.client, { minDate: isoDay(window.from.getTime() - DAY_MS), maxDate: isoDay(window.to.getTime() + DAY_MS), includeCanceled: true });
  const visits = new Map<string, Visit>();
  for (const { canceled, items } of lists) {
    for (const raw of items) {
      const mapped = mapAcuityAppointment(raw, { clientRefKey: acuity.clientRefKey, fromCanceledList: canceled });
      if (!mapped.ok) continue;
      const record = mapped.value;
      if (record.start < window.from || record.start >= window.to) continue;
      visits.set(record.ref, {
        ref: record.ref,
        source: "acuity",
        start: record.start,
        end: record.end,
        status: record.status,
        patientRef: record.patientRef,
        patientName: nameOf(raw),
        patientStatus: undefined,
        practitionerRef: record.practitionerRef,
        locationRef: record.locationRef,
      });
    }
  }
  return [...visits.values()];
}
