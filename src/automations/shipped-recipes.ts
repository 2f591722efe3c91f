/**
 * The recipes minnow ships as examples, stored at the first start, disabled (shipped: true) until a
 * manager turns one on. Each passes checkRecipe on a default install; the survey waits for the
 * practice's own link (practice.surveyUrl), and says so when someone tries to turn it on without it.
 * Texts name no reason, service or result, and ask for R (never CANCEL or STOP) to rebook.
 */
import { RecipeSchema, type Recipe } from "./recipe.js";

const STOP_EN = "Reply STOP to opt out.";
const STOP_ES = "Responda STOP para no recibir mensajes.";

const noShowFollowUp = RecipeSchema.parse({
  name: "No-show follow-up",
  description: "When an appointment is marked no-show, text the patient to rebook; a reply of R opens a reschedule request in the staff inbox.",
  trigger: { on: "appointment.no_show" },
  steps: [
    {
      id: "missed-you",
      kind: "send",
      purpose: "follow-up",
      template: {
        en: `{{practice.name}}: We missed you today. Reply R to rebook, or call {{location.phone}}. ${STOP_EN}`,
        es: `{{practice.name}}: No pudimos verle hoy. Responda R para una nueva cita, o llame al {{location.phone}}. ${STOP_ES}`,
      },
    },
    {
      id: "rebook-reply",
      kind: "wait_for_reply",
      within: "72h",
      branches: [
        {
          intent: "reschedule",
          steps: [
            { id: "rebook-request", kind: "inbox", note: "Asked by text to rebook a missed visit: call to find a new time." },
            { id: "rebook-thanks", kind: "send", purpose: "reply", template: { en: "{{practice.name}}: Thank you. Our team will call you to find a new time.", es: "{{practice.name}}: Gracias. Nuestro equipo le llamara para buscar una nueva hora." } },
          ],
        },
      ],
    },
  ],
});

const bookingConfirmation = RecipeSchema.parse({
  name: "New-booking confirmation",
  description: "When an appointment is booked, confirm it by text without naming the time or the visit (reminders follow before the day).",
  trigger: { on: "appointment.booked" },
  steps: [
    {
      id: "booked",
      kind: "send",
      purpose: "booking-confirmation",
      template: {
        en: `{{practice.name}}: Your appointment is booked. We will text you a reminder before it. Questions? Call {{location.phone}}. ${STOP_EN}`,
        es: `{{practice.name}}: Su cita quedo reservada. Le enviaremos un recordatorio antes. Preguntas? Llame al {{location.phone}}. ${STOP_ES}`,
      },
    },
  ],
});

const postVisitSurvey = RecipeSchema.parse({
  name: "Post-visit survey",
  description: "Two hours after a visit is checked out, text the practice's survey link (practice.surveyUrl). Never about the care itself.",
  trigger: { on: "appointment.fulfilled" },
  steps: [
    { id: "after-visit", kind: "wait", duration: "2h", from: "trigger", direction: "after" },
    {
      id: "survey-link",
      kind: "send",
      purpose: "survey",
      template: {
        en: `{{practice.name}}: Thank you for your visit. Tell us how we did: {{practice.surveyUrl}} ${STOP_EN}`,
        es: `{{practice.name}}: Gracias por su visita. Diganos como lo hicimos: {{practice.surveyUrl}} ${STOP_ES}`,
      },
    },
  ],
});

const annualRecall = RecipeSchema.parse({
  name: "Annual recall",
  description: "On the 1st of each month at 10:00, text patients whose last visit was 12 to 13 months ago to book their yearly visit; a reply of R opens a request in the staff inbox.",
  trigger: { on: "schedule", cron: "0 10 1 * *" },
  conditions: { lastVisit: { moreThan: "365d", lessThan: "395d" } },
  steps: [
    {
      id: "recall",
      kind: "send",
      purpose: "recall",
      template: {
        en: `{{practice.name}}: It has been about a year since your last visit. Reply R to book your yearly visit, or call {{location.phone}}. ${STOP_EN}`,
        es: `{{practice.name}}: Ha pasado cerca de un ano desde su ultima visita. Responda R para reservar su visita anual, o llame al {{location.phone}}. ${STOP_ES}`,
      },
    },
    {
      id: "book-reply",
      kind: "wait_for_reply",
      within: "7d",
      branches: [
        {
          intent: "reschedule",
          steps: [
            { id: "book-request", kind: "inbox", note: "Asked by text to book a yearly visit: call to find a time." },
            { id: "book-thanks", kind: "send", purpose: "reply", template: { en: "{{practice.name}}: Thank you. Our team will call you to find a time.", es: "{{practice.name}}: Gracias. Nuestro equipo le llamara para buscar una hora." } },
          ],
        },
      ],
    },
  ],
});

/** By id: the store keys them so, and a practice may override one under `automations:` with the same id. */
export const SHIPPED_RECIPES: Readonly<Record<string, Recipe>> = Object.freeze({
  "no-show-follow-up": noShowFollowUp,
  "booking-confirmation": bookingConfirmation,
  "post-visit-survey": postVisitSurvey,
  "annual-recall": annualRecall,
});
