import { z } from "zod";
import type { TriggerDefinition } from "../../define.js";

/**
 * Acuity POSTs `application/x-www-form-urlencoded` bodies: `action`, `id`, `calendarID`,
 * `appointmentTypeID`. The body carries ids only, so the receiver re-reads the appointment
 * through the API. Verify `X-Acuity-Signature` (webhook-signature.ts) on the raw body first.
 */
export const ACUITY_APPOINTMENT_ACTIONS = ["scheduled", "rescheduled", "canceled", "changed"] as const;
export type AcuityAppointmentAction = (typeof ACUITY_APPOINTMENT_ACTIONS)[number];

export interface AcuityAppointmentEvent {
  action: AcuityAppointmentAction;
  /** Source-qualified, like AppointmentRecord.ref: "acuity:<id>". */
  appointmentRef: string;
  calendarId?: string;
  appointmentTypeId?: string;
}

export type AcuityWebhookParse =
  | { kind: "event"; event: AcuityAppointmentEvent }
  /** A valid Acuity notification minnow does not act on (e.g. order.completed). */
  | { kind: "ignored"; action: string }
  | { kind: "invalid"; error: string };

const digits = z.string().regex(/^\d{1,20}$/, "must be a number of up to 20 digits");
const bodySchema = z.object({
  action: z.string().min(1),
  id: digits,
  calendarID: digits.optional(),
  appointmentTypeID: digits.optional(),
});

export function parseAcuityWebhook(rawBody: string): AcuityWebhookParse {
  const fields = Object.fromEntries(new URLSearchParams(rawBody));
  const parsed = bodySchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: "invalid", error: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}` };
  }
  const { action, id, calendarID, appointmentTypeID } = parsed.data;
  if (!(ACUITY_APPOINTMENT_ACTIONS as readonly string[]).includes(action)) return { kind: "ignored", action: action.slice(0, 40) };
  const event: AcuityAppointmentEvent = { action: action as AcuityAppointmentAction, appointmentRef: `acuity:${id}` };
  if (calendarID) event.calendarId = calendarID;
  if (appointmentTypeID) event.appointmentTypeId = appointmentTypeID;
  return { kind: "event", event };
}

export const appointmentChangedTrigger: TriggerDefinition<AcuityAppointmentEvent> = {
  id: "appointment-changed",
  displayName: "Appointment scheduled, rescheduled, cancelled or changed",
  strategy: "webhook",
  why: "Acuity pushes signed webhooks within seconds and can subscribe them through its API; polling the appointment list would be slower and spend the rate limit. The appointments-window trigger is the fallback that reconciles missed or deduplicated deliveries.",
  sample: { action: "rescheduled", appointmentRef: "acuity:1000001", calendarId: "2001", appointmentTypeId: "3001" },
};
