import { describe, expect, it } from "vitest";
import { classifyReply, type PromptExpectation } from "../../src/policy/classify-reply.js";

type Case = [text: string, expecting?: PromptExpectation[]];
const OFFER: PromptExpectation[] = ["accept"];

const CONFIRM: Case[] = [
  ["YES"],
  ["y"],
  ["Y."],
  ["yep"],
  ["Yeah!"],
  ["ok"],
  ["OK thanks"],
  ["sure"],
  ["👍"],
  ["👍🏽"],
  ["✅"],
  ["👌"],
  ["yes I'll be there"],
  ["Yes, I will be there"],
  ["will be there"],
  ["see you then!"],
  ["sí"],
  ["Si"],
  ["claro que sí"],
  ["C"],
  ["c"],
  ["CONFIRM"],
  ["confirmed"],
  ["Confirmo"],
  ["ahí estaré"],
  ["no problem, see you tomorrow"],
  ["yesss"],
  ["sounds good"],
  ["  YES   please "],
  ["k"],
  ["I can make it"],
  ["on my way"],
  ["Estaré allí"],
  ["nos vemos"],
];

const ACCEPT: Case[] = [
  ["YES", OFFER],
  ["y", OFFER],
  ["yes please", OFFER],
  ["I'll take it", OFFER],
  ["take it!", OFFER],
  ["book me", OFFER],
  ["👍", OFFER],
  ["✅", OFFER],
  ["sí", OFFER],
  ["Claro", OFFER],
  ["ok", OFFER],
  ["sure", OFFER],
  ["C", OFFER],
  ["yes I'll be there", OFFER],
  ["me interesa", OFFER],
  ["lo tomo", OFFER],
  ["yes", ["accept", "confirm"]],
];

const DECLINE: Case[] = [
  ["N"],
  ["no"],
  ["NO."],
  ["nope"],
  ["nah"],
  ["👎"],
  ["❌"],
  ["can't make it"],
  ["cant make it sorry"],
  ["I won't be able to come"],
  ["not coming"],
  ["no puedo ir"],
  ["No puedo"],
  ["no voy a ir"],
  ["I need to cancel my appointment"],
  ["please cancel my appt"],
  ["I have to cancel"],
  ["cancelar mi cita"],
  ["no thanks", OFFER],
  ["no gracias", OFFER],
  ["not interested", OFFER],
  ["I'll pass", OFFER],
  ["N", OFFER],
  ["noooo"],
  ["I can't"],
  ["I cant, sorry"],
];

const RESCHEDULE: Case[] = [
  ["R"],
  ["r"],
  ["reschedule"],
  ["RESCHEDULE please"],
  ["need a different time"],
  ["can we move it?"],
  ["Can we move it to Friday"],
  ["I need to change my appointment"],
  ["another day please"],
  ["cambiar cita"],
  ["quiero cambiar la cita"],
  ["otro día por favor"],
  ["reprogramar"],
  ["can't make it, can we do Thursday?"],
  ["no, I need a later time"],
  ["yes but could we push it back an hour"],
  ["reshedule"],
];

const UNKNOWN: Case[] = [
  ["what time is my appointment?"],
  ["Where is the office?"],
  ["is it ok if I'm 10 minutes late"],
  [""],
  ["   "],
  ["..."],
  ["🙂"],
  ["maybe"],
  ["not sure"],
  ["yes no"],
  ["who knows"],
  ["my daughter will bring the forms"],
  ["C", []],
  ["ok", []],
  ["confirm", []],
  ["R", OFFER],
  ["can we move it?", OFFER],
  ["reschedule", ["confirm"]],
  ["yes", ["reschedule"]],
  ["no", []],
  ["no sé"],
  ["yes?"],
  ["no need to reschedule, see you then"],
  ["I don't need to reschedule"],
  ["not rescheduling, thanks"],
  ["no necesito cambiar la cita"],
];

function intentOf(text: string, expecting?: PromptExpectation[]): string {
  return classifyReply(text, expecting ? { expecting } : {}).intent;
}

describe("classifyReply: intents the open prompt asked for", () => {
  it.each(CONFIRM)("%j (expecting %j) is confirm", (text, expecting) => {
    expect(intentOf(text, expecting)).toBe("confirm");
  });
  it.each(ACCEPT)("%j (expecting %j) is accept", (text, expecting) => {
    expect(intentOf(text, expecting)).toBe("accept");
  });
  it.each(DECLINE)("%j (expecting %j) is decline", (text, expecting) => {
    expect(intentOf(text, expecting)).toBe("decline");
  });
  it.each(RESCHEDULE)("%j (expecting %j) is reschedule", (text, expecting) => {
    expect(intentOf(text, expecting)).toBe("reschedule");
  });
  it.each(UNKNOWN)("%j (expecting %j) is unknown", (text, expecting) => {
    expect(intentOf(text, expecting)).toBe("unknown");
  });
});

describe("classifyReply: output", () => {
  it.each([
    ["¡NO  Más   Mensajes!", "no mas mensajes", "es"],
    ["Yes, I'll be there", "yes ill be there", "en"],
    ["👍", "yes", "en"],
    ["C", "c", undefined],
  ])("normalizes %j to %j with language %j", (text, normalized, language) => {
    const result = classifyReply(text);
    expect(result.normalized).toBe(normalized);
    expect(result.language).toBe(language);
  });

  it("handles a 100 kB reply quickly and still finds the opt-out at its end", () => {
    const body = "please read this carefully. ".repeat(4000) + "STOP";
    const started = performance.now();
    expect(classifyReply(body).intent).toBe("opt_out");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
