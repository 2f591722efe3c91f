import { defineConnector } from "../define.js";
import { cancelAppointmentAction } from "./actions/cancel-appointment.js";
import { acuityAuthSchema } from "./auth.js";
import { appointmentChangedTrigger } from "./triggers/appointment-changed.js";
import { appointmentsWindowTrigger } from "./triggers/appointments-window.js";

/**
 * Acuity Scheduling (Squarespace). Squarespace does not sign a BAA for Acuity, so appointments,
 * contacts and payment status held there are outside the practice's BAA chain: the practice must
 * decide, and document, that it accepts that before connecting it.
 */
export const acuityConnector = defineConnector({
  id: "acuity",
  displayName: "Acuity Scheduling",
  baa: {
    offered: false,
    mustAttest:
      "Acuity/Squarespace does not sign a BAA. The practice attests it has documented its decision to keep patient scheduling data in Acuity anyway (risk analysis, who approved, when), knowing minnow reads references, contact numbers, first names, schedules and payment status from it.",
  },
  receives: ["reference", "contact", "first-name", "schedule", "financial"],
  auth: acuityAuthSchema,
  triggers: [appointmentChangedTrigger, appointmentsWindowTrigger],
  actions: [cancelAppointmentAction],
});
