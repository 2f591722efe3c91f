import { describe, expect, it } from "vitest";
import { classifyReply, type PromptExpectation } from "../../src/policy/classify-reply.js";

type Case = [text: string, expecting?: PromptExpectation[]];

const REMINDER: PromptExpectation[] = ["confirm", "reschedule", "decline"];

const OPT_OUT: Case[] = [
  ["STOP"],
  ["stop"],
  ["  Stop!!! "],
  ["yes stop"],
  ["C STOP"],
  ["Y stop", ["accept"]],
  ["STOPALL"],
  ["UNSUBSCRIBE"],
  ["unsubscribe me please"],
  ["CANCEL"],
  ["Cancel.", ["accept"]],
  ["cancel please"],
  ["END"],
  ["QUIT"],
  ["REVOKE"],
  ["OPTOUT"],
  ["opt out"],
  ["stop texting me"],
  ["Please don't text me anymore"],
  ["please don’t text me anymore"],
  ["do not contact me"],
  ["remove me from your list"],
  ["Take me off this list"],
  ["no more texts"],
  ["I don't want these messages"],
  ["cancel all texts"],
  ["end these reminders"],
  ["no más mensajes"],
  ["NO MAS MENSAJES"],
  ["No me envíen más mensajes"],
  ["no me escriban más"],
  ["baja"],
  ["dame de baja por favor"],
  ["dejen de enviarme mensajes"],
  ["ALTO"],
  ["basta ya"],
  ["🛑"],
  ["⛔️"],
  ["stopp"],
  ["STOOOP"],
  ["ＳＴＯＰ"],
  ["S T O P"],
  ["stop", []],
  ["STOP. By the way who is this"],
  ["ok but STOP texting"],
  ["I said stop"],
  ["unsubscibe"],
  ["leave me alone"],
  ["cancelar"],
  ["remove"],
  ["UN-SUBSCRIBE"],
  // Spanish carrier-style single words for stop and end.
  ["PARAR"],
  ["Para"],
  ["PARE"],
  ["FIN"],
  ["DETENER"],
  ["detente"],
  ["TERMINAR"],
  ["BAJA", ["accept"]],
  ["fin por favor"],
  ["wrong number, stop texting me"],
];

const OPT_IN: Case[] = [
  ["START"],
  ["start"],
  ["Start please"],
  ["UNSTOP"],
  ["unstop"],
  ["START", ["accept"]],
  ["YES", []],
  ["yes", []],
  ["subscribe"],
  ["resubscribe"],
  ["opt in"],
  ["please opt me back in"],
  ["start texting me again"],
  ["text me again"],
  ["alta"],
  ["dar de alta"],
  ["ALTA por favor"],
  ["start again"],
  ["Start over"],
  ["sign me back up"],
  ["message me again"],
  ["COMENZAR"],
  ["empezar"],
  ["REANUDAR"],
  ["iniciar de nuevo"],
  ["quiero volver a recibir mensajes"],
  ["quiero recibir los mensajes otra vez"],
];

/** Reactions with nothing open (a 👍 to the unsubscribe confirmation): recorded, never an opt-in. */
const ACKNOWLEDGEMENT: Case[] = [
  ["Y", []],
  ["y", []],
  ["yeah", []],
  ["Sí", []],
  ["si", []],
  ["👍", []],
  ["👍🏽", []],
  ["✅", []],
  ["yeah thanks", []],
];

const WRONG_NUMBER: Case[] = [
  ["wrong number"],
  ["Wrong number!"],
  ["you have the wrong number", ["accept"]],
  ["wrong person"],
  ["this is not my number"],
  ["Sorry, no one by that name here"],
  ["I don't know this person", []],
  ["número equivocado"],
  ["Numero incorrecto"],
  ["se equivocó de número"],
  ["persona equivocada"],
  ["este no es mi número"],
  ["no conozco a esa persona"],
];

const HELP: Case[] = [
  ["HELP"],
  ["help"],
  ["Help!"],
  ["help please"],
  ["INFO"],
  ["info", []],
  ["information"],
  ["AYUDA"],
  ["ayuda por favor"],
  ["Información"],
  ["help me"],
  ["HELP", ["accept"]],
  ["  help  "],
  ["more info"],
  ["who is this?"],
  ["Who is this"],
  ["what is this"],
  ["¿Quién es?"],
  ["necesito ayuda"],
  ["heeelp"],
  ["what's this about?"],
];

describe("classifyReply: keywords honoured whatever the prompt", () => {
  it.each(OPT_OUT)("%j (expecting %j) is opt_out", (text, expecting) => {
    expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("opt_out");
  });

  it.each(OPT_IN)("%j (expecting %j) is opt_in", (text, expecting) => {
    expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("opt_in");
  });

  it.each(ACKNOWLEDGEMENT)("%j (expecting %j) is an acknowledgement, not an opt-in", (text, expecting) => {
    expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("acknowledgement");
  });

  it.each(WRONG_NUMBER)("%j (expecting %j) is wrong_number", (text, expecting) => {
    expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("wrong_number");
  });

  it.each(HELP)("%j (expecting %j) is help", (text, expecting) => {
    expect(classifyReply(text, expecting ? { expecting } : {}).intent).toBe("help");
  });

  it.each([
    ["cancel my appointment"],
    ["I need to cancel"],
    ["cancel it"],
    ["Cancel, I'm sick"],
    ["cancelar mi cita"],
  ])("%j names the appointment, so it is a decline, not an opt-out", (text) => {
    expect(classifyReply(text, { expecting: REMINDER }).intent).toBe("decline");
  });

  it.each([
    ["I'll stop by tomorrow"],
    ["can I stop by to drop off forms?"],
    ["the end of the day works"],
    ["what time does it start?"],
    ["I quit smoking last month, should I mention it?"],
  ])("%j uses a keyword as an ordinary word and does not opt out or in", (text) => {
    expect(["opt_out", "opt_in"]).not.toContain(classifyReply(text).intent);
  });

  it("a reply yes with nothing open is opt_in only for a bare, typed YES", () => {
    expect(classifyReply("C", { expecting: [] }).intent).toBe("unknown");
    expect(classifyReply("ok", { expecting: [] }).intent).toBe("unknown");
    expect(classifyReply("yes I'll be there", { expecting: [] }).intent).toBe("unknown");
  });
});
