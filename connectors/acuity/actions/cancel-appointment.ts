import type { ActionDefinition } from "../../define.js";
import { log } from "../../../src/log.js";
import { AcuityApiError } from "../acuity-error.js";
import type { AcuityClient } from "../client.js";

/**
 * Cancels through `PUT /appointments/:id/cancel`. As admin by default: the patient asked minnow,
 * and the practice's client-side cancellation rules (cut-off times) are for self-service.
 * Acuity refuses some cancellations with 400 (`cancel_not_allowed`, `cancel_too_close`); those
 * come back as a result to show staff, not an exception.
 */
export interface CancelAcuityInput {
  /** "acuity:<id>" or the bare numeric id. */
  appointmentRef: string;
  cancelNote?: string;
  admin?: boolean;
  /** Skip Acuity's own cancellation e-mail and SMS (minnow confirms by text itself). */
  noEmail?: boolean;
}

export type CancelAcuityResult = { ok: true; appointmentRef: string } | { ok: false; appointmentRef: string; reason: string };

export async function cancelAcuityAppointment(client: AcuityClient, input: CancelAcuityInput): Promise<CancelAcuityResult> {
  const id = input.appointmentRef.replace(/^acuity:/, "");
  if (!/^\d+$/.test(id)) throw new Error(`Not an Acuity appointment ref: "${input.appointmentRef}"; expected "acuity:<id>".`);
  const appointmentRef = `acuity:${id}`;
  try {
    await client.request("PUT", `/appointments/${id}/cancel`, {
      query: { admin: input.admin ?? true, noEmail: input.noEmail || undefined },
      body: input.cancelNote ? { cancelNote: input.cancelNote } : {},
    });
  } catch (err) {
    if (err instanceof AcuityApiError && err.status === 400) {
      log.warn("acuity.cancel.refused", { appointmentRef, reason: err.acuityError ?? "bad-request" });
      return { ok: false, appointmentRef, reason: err.acuityError ?? "bad-request" };
    }
    throw err;
  }
  log.info("acuity.cancel.done", { appointmentRef });
  return { ok: true, appointmentRef };
}

export const cancelAppointmentAction: ActionDefinition = {
  id: "cancel-appointment",
  displayName: "Cancel an appointment",
  // A cancelled Acuity appointment cannot be un-cancelled, so repeating the call changes nothing.
  idempotent: true,
  description: "Cancels an Acuity appointment as admin, with an optional note; refusals come back with Acuity's reason.",
};
