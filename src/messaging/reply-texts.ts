import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { PracticeConfig } from "../config/practice.js";

/**
 * The fixed texts minnow sends in answer to a patient's own message. Each names the practice
 * (carriers and the FCC 2015 healthcare exemption want the sender identified), carries no PHI
 * (not even which appointment: a shared phone is read by the whole family), stays in GSM-7 so it
 * is one cheap segment, and never asks the patient to reply CANCEL, which is a carrier opt-out word.
 * Spanish is written without á/í/ó/ú on purpose: those are not GSM-7 and would make it UCS-2.
 */
export type ReplyLanguage = "en" | "es";

export type ReplyTextId =
  | "opt-out"
  | "opt-out-cancel-by-phone"
  | "opt-in"
  | "opt-in-no-consent"
  | "help"
  | "clarify"
  | "choose-offer"
  | "unrecognized"
  | "cancel-request"
  | "wrong-number"
  | "verification-code";

interface TextValues {
  name: string;
  phone: string;
  code: string;
  /** choose-offer: "1 for Tue 3:00 PM, 2 for Wed 9:30 AM". */
  options: string;
}

type Template = (v: TextValues) => string;

const EN: Record<ReplyTextId, Template> = {
  "opt-out": (v) => `${v.name}: You are unsubscribed and will get no more messages from us. Reply START to resubscribe.`,
  "opt-out-cancel-by-phone": (v) =>
    `${v.name}: You are unsubscribed and will get no more messages from us. To cancel your appointment, call ${v.phone}. Reply START to resubscribe.`,
  "opt-in": (v) => `${v.name}: You are resubscribed to our text messages. Reply HELP for help, STOP to opt out.`,
  "opt-in-no-consent": (v) => `${v.name}: We have no text consent on file for this number. Call ${v.phone} to sign up.`,
  help: (v) => `${v.name}: For help call ${v.phone}. Reply STOP to opt out of texts, START to resubscribe.`,
  clarify: (v) => `${v.name}: This number has more than one appointment with us, so we could not tell which one your reply is for. Our staff will follow up, or call ${v.phone}.`,
  "choose-offer": (v) => `${v.name}: More than one opening was offered to this number. Which one do you want? Reply ${v.options}.`,
  unrecognized: (v) => `${v.name}: We could not read your reply automatically; our staff will follow up. For help call ${v.phone}.`,
  "cancel-request": (v) => `${v.name}: We got your request to cancel. Our staff will follow up; to cancel right away, call ${v.phone}.`,
  "wrong-number": (v) => `${v.name}: Thank you for telling us. We will not text this number about that person again.`,
  "verification-code": (v) => `${v.name}: Your verification code is ${v.code}. It expires in 10 minutes.`,
};

const ES: Record<ReplyTextId, Template> = {
  "opt-out": (v) => `${v.name}: Se dio de baja y no recibira mas mensajes nuestros. Responda START para volver a suscribirse.`,
  "opt-out-cancel-by-phone": (v) =>
    `${v.name}: Se dio de baja y no recibira mas mensajes nuestros. Para anular su cita, llame al ${v.phone}. Responda START para volver a suscribirse.`,
  "opt-in": (v) => `${v.name}: Volvio a suscribirse a nuestros mensajes. Responda HELP para ayuda o STOP para darse de baja.`,
  "opt-in-no-consent": (v) => `${v.name}: No tenemos su permiso para mensajes en este numero. Llame al ${v.phone} para inscribirse.`,
  help: (v) => `${v.name}: Para ayuda llame al ${v.phone}. Responda STOP para darse de baja o START para volver.`,
  clarify: (v) => `${v.name}: Este numero tiene mas de una cita con nosotros y no sabemos a cual responde. Nuestro personal le dara seguimiento, o llame al ${v.phone}.`,
  "choose-offer": (v) => `${v.name}: Ofrecimos mas de un horario a este numero. Cual quiere? Responda ${v.options}.`,
  unrecognized: (v) => `${v.name}: No pudimos leer su respuesta automaticamente; nuestro personal le dara seguimiento. Para ayuda llame al ${v.phone}.`,
  "cancel-request": (v) => `${v.name}: Recibimos su pedido para anular la cita. Nuestro personal le dara seguimiento; para anularla ya, llame al ${v.phone}.`,
  "wrong-number": (v) => `${v.name}: Gracias por avisarnos. No volveremos a escribir a este numero sobre esa persona.`,
  "verification-code": (v) => `${v.name}: Su codigo de verificacion es ${v.code}. Vence en 10 minutos.`,
};

/** "+13125550100" -> "(312) 555-0100"; other countries get the international form. */
export function displayPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === "US" ? parsed.formatNational() : parsed.formatInternational();
}

/** Spanish when asked for (a reply in Spanish, or a contact whose language is es-*), else English. */
export function replyLanguage(...hints: Array<string | null | undefined>): ReplyLanguage {
  for (const hint of hints) {
    if (!hint) continue;
    return hint.toLowerCase().startsWith("es") ? "es" : "en";
  }
  return "en";
}

/**
 * `extra.location`: the location whose number the patient wrote to; its name and phone stand in
 * for the practice's (that number already identifies it, and HELP must name the sender).
 */
export function replyText(
  config: Pick<PracticeConfig, "practice">,
  id: ReplyTextId,
  language: ReplyLanguage = "en",
  extra: { code?: string; options?: string; location?: { name: string; phone: string } } = {},
): string {
  const table = language === "es" ? ES : EN;
  const from = extra.location ?? config.practice;
  return table[id]({ name: from.name, phone: displayPhone(from.phone), code: extra.code ?? "", options: extra.options ?? "1" });
}

export const REPLY_TEXT_IDS = Object.keys(EN) as ReplyTextId[];
