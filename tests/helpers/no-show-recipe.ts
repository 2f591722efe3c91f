import { RecipeSchema, type Recipe } from "../../src/automations/recipe.js";

/**
 * The no-show follow-up as the issue describes it: "We missed you today; reply R to rebook", and
 * an R opens a reschedule request in the staff inbox. No reply in a day: an event for REST hooks.
 */
export const NO_SHOW_RECIPE: Recipe = RecipeSchema.parse({
  name: "No-show follow-up",
  description: "Texts a patient who missed an appointment and offers to rebook.",
  trigger: { on: "appointment.no_show" },
  steps: [
    { id: "send-1", kind: "send", purpose: "appointment-reminder", template: { en: "{{practice.name}}: we missed you today. Reply R to rebook. Reply STOP to opt out.", es: "{{practice.name}}: le extrañamos hoy. Responda R para cambiar su cita. Responda STOP para no recibir más." } },
    {
      id: "reply-1",
      kind: "wait_for_reply",
      within: "24h",
      branches: [{ intent: "reschedule", steps: [{ id: "inbox-1", kind: "inbox", note: "Asked to rebook after a missed appointment" }] }],
      timeout: [{ id: "emit-1", kind: "emit", event: "no_show_no_reply", fields: [] }],
    },
  ],
});
