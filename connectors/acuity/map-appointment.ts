import { addMinutes } from "date-fns";
import { z } from "zod";
import { toE164 } from "../fhir/map-contact.js";
import type { Mapped } from "../fhir/mapped.js";
import type { AppointmentRecord, AppointmentStatus, PatientContact, SkippedResource } from "../records.js";
import { acuityClientRef } from "./client-ref.js";

/**
 * An Acuity appointment (API v1 shape) becomes the small AppointmentRecord. Acuity sends
 * `paid` as "yes"/"no", money as decimal strings, `datetime` with an offset like -0700, and
 * `noShow` only on cancelled appointments. A record we cannot use is skipped with a reason.
 */
const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const money = z.union([z.string(), z.number()]).transform((v) => (typeof v === "number" ? v.toFixed(2) : v.trim()));

const acuityAppointmentSchema = z.object({
  id: idSchema,
  datetime: z.string().optional(),
  duration: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number).optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  phone: z.string().optional(),
  calendarID: idSchema.optional(),
  appointmentTypeID: idSchema.optional(),
  timezone: z.string().optional(),
  paid: z.union([z.enum(["yes", "no"]), z.boolean()]).transform((v) => v === true || v === "yes").optional(),
  amountPaid: money.optional(),
  price: money.optional(),
  smsOptIn: z.boolean().optional(),
  canceled: z.boolean().optional(),
  noShow: z.boolean().optional(),
});

export type AcuityAppointment = z.infer<typeof acuityAppointmentSchema>;

export interface AcuityMapContext {
  /** The secret that keys patient refs (see acuity-client-ref). */
  clientRefKey: string;
  /** True when the list was fetched with `canceled=true`, which returns only cancelled ones. */
  fromCanceledList?: boolean;
}

function refOf(raw: unknown): string {
  const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "number" || (typeof id === "string" && /^\d+$/.test(id)) ? `acuity:${id}` : "acuity:unknown";
}

function isTimeZone(value: string | undefined): value is string {
  if (!value) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false; // not an IANA zone; the practice default applies
  }
}

function statusOf(appointment: AcuityAppointment, fromCanceledList: boolean): AppointmentStatus {
  // Acuity adds `noShow` only once an appointment is cancelled, so its presence marks one.
  const cancelled = fromCanceledList || appointment.canceled === true || appointment.noShow !== undefined;
  if (!cancelled) return "booked";
  return appointment.noShow === true ? "noshow" : "cancelled";
}

export function mapAcuityAppointment(raw: unknown, context: AcuityMapContext): Mapped<AppointmentRecord> {
  const skip = (reason: SkippedResource["reason"], ref = refOf(raw)): Mapped<AppointmentRecord> => ({ ok: false, skipped: { ref, reason } });
  const parsed = acuityAppointmentSchema.safeParse(raw);
  if (!parsed.success) return skip("malformed");
  const appointment = parsed.data;
  const ref = `acuity:${appointment.id}`;
  if (!appointment.datetime?.trim()) return skip("no-start", ref);
  const start = new Date(appointment.datetime);
  if (Number.isNaN(start.getTime())) return skip("malformed", ref);
  if (!appointment.phone?.trim()) return skip("no-phone", ref);
  const phone = toE164(appointment.phone);
  if (!phone) return skip("invalid-phone", ref);

  const contact: PatientContact = { phone };
  if (isTimeZone(appointment.timezone)) contact.timeZone = appointment.timezone;
  const record: AppointmentRecord = {
    source: "acuity",
    ref,
    patientRef: acuityClientRef(context.clientRefKey, { firstName: appointment.firstName, lastName: appointment.lastName, phone }),
    start,
    status: statusOf(appointment, context.fromCanceledList === true),
    contact,
  };
  if (appointment.duration !== undefined) record.end = addMinutes(start, appointment.duration);
  if (appointment.appointmentTypeID) record.typeCodes = [String(appointment.appointmentTypeID)];
  if (appointment.calendarID) record.practitionerRef = `acuity-calendar:${appointment.calendarID}`;
  if (appointment.paid !== undefined || appointment.price !== undefined) {
    record.payment = { paid: appointment.paid === true };
    if (appointment.amountPaid !== undefined) record.payment.amountPaid = appointment.amountPaid;
    if (appointment.price !== undefined) record.payment.price = appointment.price;
  }
  if (appointment.smsOptIn !== undefined) record.smsOptIn = appointment.smsOptIn;
  return { ok: true, value: record };
}
