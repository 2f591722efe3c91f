/**
 * Built-in message templates per purpose and language, each in two variants:
 * `minimal` (first name and times, for patients whose consent allows it) and `none`
 * (no patient detail at all). Never clinical: no reason, service, provider specialty or amount.
 * Every one passes lintTemplate (tests/messaging/default-templates.test.ts proves it). The phone
 * and hours are the appointment's location's (the practice's for a single site), so a patient of
 * a group practice is told to call the clinic they are booked at.
 */
export type TemplateVariant = "minimal" | "none";
export type TemplateSet = Record<string, Partial<Record<TemplateVariant, string>>>;

export const DEFAULT_TEMPLATES = {
  "appointment-reminder": {
    en: {
      minimal: "{{practice.name}}: Hi {{patient.firstName}}, a reminder of your appointment {{appointment.start | datetime}}. Questions? Call {{location.phone}}. Reply STOP to opt out.",
      none: "{{practice.name}}: You have an upcoming appointment. For details call {{location.phone}}. Reply STOP to opt out.",
    },
    es: {
      minimal: "{{practice.name}}: Hola {{patient.firstName}}, le recordamos su cita del {{appointment.start | datetime}}; para preguntas llame al {{location.phone}}. Responda STOP para no recibir mensajes.",
      none: "{{practice.name}}: Tiene una cita próximamente. Para detalles llame al {{location.phone}}. Responda STOP para no recibir mensajes.",
    },
  },
  "appointment-confirm-request": {
    en: {
      minimal: "{{practice.name}}: Hi {{patient.firstName}}, your appointment is {{appointment.start | datetime}}. Reply C to confirm or R to reschedule. Reply STOP to opt out.",
      none: "{{practice.name}}: You have an upcoming appointment. Reply C to confirm or R to reschedule, or call {{location.phone}}. Reply STOP to opt out.",
    },
    es: {
      minimal: "{{practice.name}}: Hola {{patient.firstName}}, su cita es el {{appointment.start | datetime}}; responda C para confirmar o R para cambiarla. Responda STOP para no recibir mensajes.",
      none: "{{practice.name}}: Tiene una cita próximamente. Responda C para confirmar o R para cambiarla, o llame al {{location.phone}}. Responda STOP para no recibir mensajes.",
    },
  },
  "reschedule-instructions": {
    en: { none: "{{practice.name}}: To reschedule, please call us at {{location.phone}} ({{location.hours}})." },
    es: { none: "{{practice.name}}: Para cambiar su cita, llámenos al {{location.phone}} ({{location.hours}})." },
  },
  "waitlist-offer": {
    en: {
      minimal: "{{practice.name}}: An earlier appointment opened on {{slot.start | datetime}}. Reply YES within {{offer.holdMinutes}} min to take it. Reply STOP to opt out.",
      none: "{{practice.name}}: An earlier appointment time opened up. Reply YES within {{offer.holdMinutes}} min to take it, or call {{location.phone}}. Reply STOP to opt out.",
    },
    es: {
      minimal: "{{practice.name}}: Se abrió una cita el {{slot.start | datetime}}; responda SI en {{offer.holdMinutes}} min para tomarla. Responda STOP para no recibir mensajes.",
      none: "{{practice.name}}: Se abrió un horario de cita. Responda SI en {{offer.holdMinutes}} min para tomarlo, o llame al {{location.phone}}. Responda STOP para no recibir mensajes.",
    },
  },
  "waitlist-booked": {
    en: {
      minimal: "{{practice.name}}: You're booked for {{slot.start | datetime}}. Questions? Call {{location.phone}}.",
      none: "{{practice.name}}: You're booked. For the details call {{location.phone}}.",
    },
    es: {
      minimal: "{{practice.name}}: Su cita quedó el {{slot.start | datetime}}; para preguntas llame al {{location.phone}}.",
      none: "{{practice.name}}: Su cita quedó reservada. Para detalles llame al {{location.phone}}.",
    },
  },
  "waitlist-already-filled": {
    en: { none: "{{practice.name}}: Sorry, that opening was just filled. You're still on our waitlist." },
    es: { none: "{{practice.name}}: Lo sentimos, ese horario ya se llenó. Sigue en nuestra lista de espera." },
  },
  "payment-reminder": {
    en: { none: "{{practice.name}}: You have a new statement. To pay securely, log in to your patient portal or call {{location.phone}}. Reply STOP to opt out." },
    es: { none: "{{practice.name}}: Tiene un nuevo estado de cuenta. Para pagar de forma segura, entre a su portal de paciente o llame al {{location.phone}}. Responda STOP para no recibir mensajes." },
  },
} as const satisfies Record<string, Record<"en" | "es", Partial<Record<TemplateVariant, string>>>>;

export type TemplateId = keyof typeof DEFAULT_TEMPLATES;
export const TEMPLATE_IDS = Object.keys(DEFAULT_TEMPLATES) as TemplateId[];

/** The lint purpose each template is checked against. */
export const TEMPLATE_PURPOSE: Record<TemplateId, "appointment-reminder" | "waitlist-offer" | "payment-reminder" | "reply"> = {
  "appointment-reminder": "appointment-reminder",
  "appointment-confirm-request": "appointment-reminder",
  "reschedule-instructions": "reply",
  "waitlist-offer": "waitlist-offer",
  "waitlist-booked": "reply",
  "waitlist-already-filled": "reply",
  "payment-reminder": "payment-reminder",
};
