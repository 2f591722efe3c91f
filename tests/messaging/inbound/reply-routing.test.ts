import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getInbound, listStaffInbox, readInboundContent } from "../../../src/store/inbound-messages.js";
import { listEvents } from "../../../src/store/events.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import type { TestServices } from "../../helpers/test-services.js";
import { PHONE_A, PHONE_B, openWebhookServices, seedPatient, seedPrompt, sendInbound } from "../../server/helpers/twilio-webhooks.js";

let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
});
afterEach(() => services.dispose());

const openPrompts = () => listOpenPrompts(services.store, services.crypto.index.phone(PHONE_A), services.sms.sender, services.clock.now());

async function lastInbound() {
  const row = await services.store.db.selectFrom("inbound_messages").select("id").orderBy("provider_sid", "desc").executeTakeFirstOrThrow();
  const inbound = await getInbound(services.store, row.id);
  if (!inbound) throw new Error("inbound row vanished");
  return inbound;
}

describe("a reply one open prompt can take", () => {
  it.each([
    ["Yes", "confirm"],
    ["yes see you then 👍", "confirm"],
    ["C", "confirm"],
    ["can we move it to next week?", "reschedule"],
    ["no I can't make it", "decline"],
  ])("%j signals the waiting workflow with %s and closes the prompt", async (text, intent) => {
    await seedPatient(services, "Patient/a", PHONE_A);
    const key = await seedPrompt(services, "Patient/a", PHONE_A);
    expect((await sendInbound(app, services, PHONE_A, text)).status).toBe(200);
    const inbound = await lastInbound();
    expect(services.engine.signals).toEqual([{ key, payload: { intent, inboundId: inbound.id, patientRef: "Patient/a" } }]);
    expect(await openPrompts()).toHaveLength(0);
    expect(inbound).toMatchObject({ intent, routedTo: key, needsStaff: false });
    expect(services.sms.sent).toHaveLength(0);
  });

  it("a waitlist offer takes 'yes' as accept and 'no thanks' as decline", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    const key = await seedPrompt(services, "Patient/a", PHONE_A, { kind: "waitlist-offer", subjectRef: "Slot/1" });
    await sendInbound(app, services, PHONE_A, "YES I'll take it");
    expect(services.engine.signals[0]).toMatchObject({ key, payload: { intent: "accept" } });
  });

  it("a second 'yes' after the prompt closed signals nothing and sends nothing", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "Yes");
    await sendInbound(app, services, PHONE_A, "yes");
    expect(services.engine.signals).toHaveLength(1);
    expect(services.sms.sent).toHaveLength(0);
    expect(await lastInbound()).toMatchObject({ intent: "opt_in", routedTo: "opt-in:already-subscribed" });
  });

  it("only prompts for the sender the patient wrote to are considered", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    const res = await sendInbound(app, services, PHONE_B, "Yes");
    expect(res.status).toBe(200);
    expect(services.engine.signals).toHaveLength(0);
    expect(await openPrompts()).toHaveLength(1);
  });
});

describe("a shared phone with two open prompts", () => {
  beforeEach(async () => {
    await seedPatient(services, "Patient/parent", PHONE_A);
    await seedPatient(services, "Patient/child", PHONE_A);
    await seedPrompt(services, "Patient/parent", PHONE_A);
    await seedPrompt(services, "Patient/child", PHONE_A);
  });

  it.each(["Yes", "C", "no", "Reschedule", "ok 👍", "can't make it", "sí"])("%j is never applied: one clarifying question, staff see it", async (text) => {
    await sendInbound(app, services, PHONE_A, text);
    expect(services.engine.signals).toHaveLength(0);
    expect(await openPrompts()).toHaveLength(2);
    const inbound = await lastInbound();
    expect(inbound).toMatchObject({ intent: "ambiguous", needsStaff: true });
    expect(services.sms.sent).toHaveLength(1);
    const question = services.sms.sent[0]?.body ?? "";
    expect(question).toContain(services.config.practice.name);
    expect(question).toMatch(/\(312\) 555-0100/);
    expect(question).not.toMatch(/parent|child|Patient\/|Appointment\/|\d{1,2}:\d{2}/i);
    const outbound = await services.store.db.selectFrom("outbound_messages").select(["patient_ref", "purpose"]).executeTakeFirstOrThrow();
    expect(outbound).toEqual({ patient_ref: null, purpose: "reply:clarify" });
  });

  it("asks once for the same two prompts, however many ambiguous replies arrive", async () => {
    for (const text of ["yes", "YES", "yes!!", "C"]) await sendInbound(app, services, PHONE_A, text);
    expect(services.sms.sent).toHaveLength(1);
    expect(services.engine.signals).toHaveLength(0);
    expect(await listStaffInbox(services.store)).toHaveLength(4);
  });

  it("a reply only one of the prompts can take goes to that one", async () => {
    await services.store.db.deleteFrom("prompts").where("patient_ref", "=", "Patient/child").execute();
    const offer = await seedPrompt(services, "Patient/child", PHONE_A, { kind: "waitlist-offer", subjectRef: "Slot/9" });
    await sendInbound(app, services, PHONE_A, "can we reschedule?");
    expect(services.engine.signals).toHaveLength(1);
    expect(services.engine.signals[0]?.key).not.toBe(offer);
    expect(services.engine.signals[0]?.payload).toMatchObject({ intent: "reschedule", patientRef: "Patient/parent" });
  });
});

describe("an unrecognized reply", () => {
  it("goes to the staff inbox encrypted, with a reply.unrecognized event and one auto-reply a day", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await seedPrompt(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "what time is my appointment?");
    await sendInbound(app, services, PHONE_A, "hello??");
    const inbox = await listStaffInbox(services.store);
    expect(inbox).toHaveLength(2);
    const raw = await services.store.db.selectFrom("inbound_messages").select("body_ct").execute();
    for (const row of raw) expect(row.body_ct ?? "").not.toMatch(/appointment|hello/);
    const contents = await Promise.all(inbox.map((m) => readInboundContent(services.store, services.crypto, m.id)));
    expect(contents.map((c) => c?.body).sort()).toEqual(["hello??", "what time is my appointment?"]);
    expect(inbox.every((m) => m.intent === "unknown")).toBe(true);
    const events = await listEvents(services.store, { type: "reply.unrecognized" });
    expect(events).toHaveLength(2);
    expect(events[0]?.refs).toMatchObject({ patientRef: "Patient/a" });
    expect(services.sms.sent).toHaveLength(1);
    expect(services.engine.signals).toHaveLength(0);
    expect(await openPrompts()).toHaveLength(1);

    services.setNow(new Date(services.clock.now().getTime() + 25 * 3_600_000));
    await sendInbound(app, services, PHONE_A, "hello again");
    expect(services.sms.sent).toHaveLength(2);
  });

  it("from a number nobody knows still reaches staff, with no patient named", async () => {
    await sendInbound(app, services, PHONE_B, "hey, running late");
    const events = await listEvents(services.store, { type: "reply.unrecognized" });
    expect(Object.keys(events[0]?.refs ?? {})).toEqual(["inboundId"]);
    expect(await listStaffInbox(services.store)).toHaveLength(1);
  });
});

describe("HELP", () => {
  it.each([["HELP", "en"], ["info", "en"], ["AYUDA", "es"]])("%j gets the practice name, phone and opt-out instructions", async (text, language) => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, text);
    const body = services.sms.sent[0]?.body ?? "";
    expect(body).toContain(services.config.practice.name);
    expect(body).toContain("(312) 555-0100");
    expect(body).toContain("STOP");
    expect(body).toMatch(language === "es" ? /Para ayuda/ : /For help/);
    expect(await lastInbound()).toMatchObject({ intent: "help", needsStaff: false });
  });

  it("answers in Spanish for a contact whose language is Spanish", async () => {
    await seedPatient(services, "Patient/a", PHONE_A, {}, "es-MX");
    await sendInbound(app, services, PHONE_A, "HELP");
    expect(services.sms.sent[0]?.body).toMatch(/Para ayuda/);
  });

  it("answers every HELP, even after STOP", async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    await sendInbound(app, services, PHONE_A, "STOP");
    await sendInbound(app, services, PHONE_A, "HELP");
    await sendInbound(app, services, PHONE_A, "help");
    expect(services.sms.sent.map((m) => m.body.includes("For help"))).toEqual([false, true, true]);
  });
});
