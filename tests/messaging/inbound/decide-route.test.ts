import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideRoute } from "../../../src/messaging/inbound/decide-route.js";
import { classifyReply } from "../../../src/policy/classify-reply.js";
import type { Prompt } from "../../../src/store/prompts.js";

function prompt(id: string, patientRef: string, expecting: string[], kind: Prompt["kind"] = "reminder"): Prompt {
  return { id, phoneIdx: "idx", sender: "MG1", patientRef, kind, subjectRef: `Appointment/${id}`, expecting, signalKey: `key-${id}`, openedAt: new Date(0), expiresAt: new Date(1e13), closedAt: null };
}
const REMINDER = ["confirm", "reschedule", "decline"];
const reminderA = prompt("a", "Patient/1", REMINDER);
const reminderB = prompt("b", "Patient/2", REMINDER);
const offer = prompt("o", "Patient/2", ["accept"], "waitlist-offer");

describe("decideRoute", () => {
  it.each([
    ["STOP", [reminderA], "opt_out"],
    ["stop", [], "opt_out"],
    ["HELP", [reminderA, reminderB], "help"],
    ["START", [reminderA], "opt_in"],
    ["yes", [], "opt_in"],
    ["Y", [], "acknowledgement"],
    ["👍", [], "acknowledgement"],
    ["Y", [reminderA], "matched"],
    ["wrong number", [reminderA], "wrong_number"],
    ["número equivocado", [], "wrong_number"],
    ["PARAR", [reminderA], "opt_out"],
    ["what?", [], "unknown"],
    ["yes", [reminderA], "matched"],
    ["yes", [reminderA, reminderB], "ambiguous"],
    ["yes", [reminderA, offer], "matched"],
    ["C", [reminderA, offer], "matched"],
    ["yes", [offer, prompt("o2", "Patient/1", ["accept"], "waitlist-offer")], "choose"],
    ["C", [offer, prompt("o2", "Patient/1", ["accept"], "waitlist-offer")], "choose"],
    ["yes", [reminderA, reminderB, offer], "matched"],
    ["C", [reminderA, reminderB, offer], "ambiguous"],
    ["reschedule please", [reminderA, offer], "matched"],
    ["maybe", [reminderA], "unknown"],
    ["yes", [prompt("x", "Patient/3", ["something-else"])], "unknown"],
  ] as const)("%j with %#", (text, prompts, kind) => {
    expect(decideRoute(text, prompts).kind).toBe(kind);
  });

  it("marks CANCEL in an opt-out so the confirmation can say how to cancel by phone", () => {
    expect(decideRoute("Cancel", [reminderA])).toMatchObject({ kind: "opt_out", mentionsCancel: true });
    expect(decideRoute("STOP", [reminderA])).toMatchObject({ kind: "opt_out", mentionsCancel: false });
  });

  it("routes to the one prompt that can take the reply, with its intent", () => {
    expect(decideRoute("can we move it?", [reminderA, offer])).toMatchObject({ kind: "matched", prompt: { id: "a" }, intent: "reschedule" });
    expect(decideRoute("yes", [offer])).toMatchObject({ kind: "matched", prompt: { id: "o" }, intent: "accept" });
  });

  it("a yes with a reminder and an offer open: C confirms the reminder, any other yes takes the offer", () => {
    expect(decideRoute("C", [reminderA, offer])).toMatchObject({ kind: "matched", prompt: { id: "a" }, intent: "confirm" });
    for (const text of ["YES", "yes please", "ok", "👍", "Sí"]) expect(decideRoute(text, [reminderA, offer])).toMatchObject({ kind: "matched", prompt: { id: "o" }, intent: "accept" });
  });

  it("a reply both a reminder and an offer could take goes to the reminder only when it is a bare C (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        const decision = decideRoute(text, [reminderA, offer]);
        const offerTakesIt = decideRoute(text, [offer]).kind === "matched";
        if (decision.kind === "matched" && decision.prompt.id === "a" && offerTakesIt) expect(classifyReply(text).normalized).toBe("c");
      }),
      { numRuns: 500 },
    );
  });

  it("never matches a reply when two reminders could take it (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), fc.constantFrom(REMINDER, ["confirm"]), (text, otherExpecting) => {
        const decision = decideRoute(text, [reminderA, prompt("z", "Patient/9", otherExpecting)]);
        if (decision.kind !== "matched") return;
        // A match with two prompts open means the other prompt could not take it.
        const alone = decideRoute(text, [decision.prompt.id === "a" ? prompt("z", "Patient/9", otherExpecting) : reminderA]);
        expect(alone.kind).not.toBe("matched");
      }),
      { numRuns: 500 },
    );
  });
});
