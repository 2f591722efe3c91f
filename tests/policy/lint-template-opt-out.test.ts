import { describe, expect, it } from "vitest";
import { lintTemplate } from "../../src/policy/index.js";

const P = "{{practice.name}}: ";
const rulesOf = (body: string, firstMessage = false) =>
  lintTemplate({ body: P + body, purpose: "appointment-reminder", firstMessage }).findings.map((f) => `${f.rule}:${f.severity}`);

describe("opt-out-keyword-conflict", () => {
  it.each([
    ["Reply CANCEL to cancel.", "bare CANCEL reads as cancelling the visit"],
    ["Reply cancel to cancel your visit.", "lower case right after the verb"],
    ["Reply C to confirm or CANCEL to cancel your visit.", "a capitalised alternative"],
    ["Reply Y to confirm or cancel to cancel.", "a lower-case alternative given a purpose"],
    ["Reply STOP to cancel your appointment.", "STOP for the appointment"],
    ["Reply END when you are done.", "END for something else"],
    ["Reply QUIT to leave the waitlist.", "QUIT for the waitlist"],
    ["Text \"CANCEL\" if you cannot come.", "a quoted keyword"],
    ["Reply with the word STOPALL to skip this reminder.", "filler words between verb and keyword"],
    ["Reply YES to confirm, REVOKE to move your slot.", "REVOKE for a slot move"],
    ["CANCEL to cancel.", "a keyword with a purpose and no verb"],
    ["Responda CANCELAR para cancelar su cita.", "Spanish CANCELAR for the visit"],
    ["Reply OPTOUT for directions.", "OPTOUT for directions"],
    ["Reply CANCEL.", "CANCEL with no purpose at all"],
  ])("flags %j (%s)", (body) => {
    expect(rulesOf(body)).toContain("opt-out-keyword-conflict:error");
  });

  it.each([
    ["Reply STOP to opt out.", "the standard wording"],
    ["Reply STOP to cancel messages.", "STOP to cancel messages"],
    ["Reply HELP for help, STOP to cancel.", "CTIA sample wording: bare 'to cancel' after STOP"],
    ["Msg&data rates may apply. STOP to end.", "no verb, STOP to end"],
    ["Reply Y to confirm. To cancel call us at {{practice.phone}}.", "'to cancel' is prose in its own sentence"],
    ["Reply Y to confirm; to cancel call us at {{practice.phone}}.", "'to cancel' is prose in the same sentence"],
    ["Reply Y to confirm or cancel online at {{links.reschedule}}.", "'cancel online' is a verb"],
    ["Reply STOP.", "a bare STOP"],
    ["Text STOP to 55501 to unsubscribe.", "a short code between keyword and purpose"],
    ["Reply END to stop receiving these texts.", "END with an explicit opt-out purpose"],
    ["Reply QUIT for no more messages.", "QUIT for no more messages"],
    ["Reply UNSUBSCRIBE to be removed.", "UNSUBSCRIBE to be removed"],
    ["Responda STOP para no recibir más mensajes.", "Spanish opt-out wording"],
    ["Responda BAJA para darse de baja.", "Spanish BAJA"],
    ["We will end the call list soon. Please text us to stop by.", "lower-case words that are not instructions"],
    ["Reply C to confirm, R to reschedule.", "no keyword at all"],
  ])("accepts %j (%s)", (body) => {
    expect(rulesOf(body)).not.toContain("opt-out-keyword-conflict:error");
  });

  it("says how to fix it", () => {
    const finding = lintTemplate({ body: P + "Reply CANCEL to cancel.", purpose: "appointment-reminder" }).findings.find((f) => f.rule === "opt-out-keyword-conflict");
    expect(finding?.message).toMatch(/Use another word.*Reply C to cancel your visit/);
  });
});

describe("missing-opt-out-instructions", () => {
  it.each([
    ["Your visit is {{appointment.date}}.", true, "appointment-reminder", "error"],
    ["Reply YES to receive texts.", false, "consent-request", "error"],
    ["Reply CANCEL to cancel.", true, "appointment-reminder", "error"],
    ["Our office is closed Monday.", false, "broadcast", "warning"],
  ] as const)("flags %j (first: %s, %s) as %s", (body, firstMessage, purpose, severity) => {
    const findings = lintTemplate({ body: P + body, purpose, firstMessage }, { phiLevel: "minimal" }).findings;
    expect(findings).toContainEqual(expect.objectContaining({ rule: "missing-opt-out-instructions", severity }));
  });

  it.each([
    ["Reply STOP to opt out.", true, "appointment-reminder"],
    ["Reply HELP for help, STOP to cancel.", true, "appointment-reminder"],
    ["Msg&data rates may apply. STOP to end.", false, "consent-request"],
    ["Responda STOP para no recibir más mensajes.", true, "appointment-reminder"],
    ["Our office is closed Monday.", false, "appointment-reminder"],
    ["Thanks, see you soon.", false, "reply"],
  ] as const)("accepts %j (first: %s, %s)", (body, firstMessage, purpose) => {
    const rules = lintTemplate({ body: P + body, purpose, firstMessage }).findings.map((f) => f.rule);
    expect(rules).not.toContain("missing-opt-out-instructions");
  });
});
