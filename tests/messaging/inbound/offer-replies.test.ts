import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getInbound } from "../../../src/store/inbound-messages.js";
import { listOpenPrompts } from "../../../src/store/prompts.js";
import type { TestServices } from "../../helpers/test-services.js";
import { PHONE_A, openWebhookServices, seedPatient, seedPrompt, sendInbound } from "../../server/helpers/twilio-webhooks.js";

let services: TestServices;
let app: Awaited<ReturnType<typeof openWebhookServices>>["app"];

beforeEach(async () => {
  ({ services, app } = await openWebhookServices());
});
afterEach(() => services.dispose());

async function lastInbound() {
  const row = await services.store.db.selectFrom("inbound_messages").select("id").orderBy("provider_sid", "desc").executeTakeFirstOrThrow();
  const inbound = await getInbound(services.store, row.id);
  if (!inbound) throw new Error("inbound row vanished");
  return inbound;
}

const openPrompts = () => listOpenPrompts(services.store, services.crypto.index.phone(PHONE_A), services.sms.sender, services.clock.now());

describe("YES with a reminder and a waitlist offer open on one phone", () => {
  let reminder: string;
  let offer: string;
  beforeEach(async () => {
    await seedPatient(services, "Patient/a", PHONE_A);
    reminder = await seedPrompt(services, "Patient/a", PHONE_A);
    offer = await seedPrompt(services, "Patient/a", PHONE_A, { kind: "waitlist-offer", subjectRef: "Appointment/freed-1" });
  });

  it.each(["YES", "yes please", "ok", "👍"])("%j takes the offer and leaves the reminder open", async (text) => {
    await sendInbound(app, services, PHONE_A, text);
    expect(services.engine.signals).toEqual([expect.objectContaining({ key: offer, payload: expect.objectContaining({ intent: "accept" }) })]);
    expect((await openPrompts()).map((p) => p.signalKey)).toEqual([reminder]);
    expect(services.sms.sent).toHaveLength(0);
  });

  it("C confirms the reminder and leaves the offer open", async () => {
    await sendInbound(app, services, PHONE_A, "C");
    expect(services.engine.signals).toEqual([expect.objectContaining({ key: reminder, payload: expect.objectContaining({ intent: "confirm" }) })]);
    expect((await openPrompts()).map((p) => p.signalKey)).toEqual([offer]);
  });
});

describe("two family members on one phone, each holding an offer", () => {
  let first: string;
  let second: string;
  beforeEach(async () => {
    await seedPatient(services, "Patient/parent", PHONE_A);
    await seedPatient(services, "Patient/child", PHONE_A);
    first = await seedPrompt(services, "Patient/parent", PHONE_A, { kind: "waitlist-offer", subjectRef: "Appointment/freed-1" });
    second = await seedPrompt(services, "Patient/child", PHONE_A, { kind: "waitlist-offer", subjectRef: "Appointment/freed-2" });
  });

  it("YES is answered with a numbered question, books nothing and needs no staff", async () => {
    await sendInbound(app, services, PHONE_A, "YES");
    expect(services.engine.signals).toHaveLength(0);
    expect(await lastInbound()).toMatchObject({ intent: "choose", needsStaff: false });
    expect(services.sms.sent).toHaveLength(1);
    const question = services.sms.sent[0]?.body ?? "";
    expect(question).toContain(services.config.practice.name);
    expect(question).toMatch(/Reply 1 for .+, 2 for .+\./);
    expect(question).not.toMatch(/parent|child|Patient\//i);
  });

  it.each([
    ["2", () => second, "Patient/child"],
    ["1", () => first, "Patient/parent"],
    [" #2. ", () => second, "Patient/child"],
  ])("the number %j takes the offer it names", async (text, key, patientRef) => {
    await sendInbound(app, services, PHONE_A, "yes");
    await sendInbound(app, services, PHONE_A, text);
    expect(services.engine.signals).toEqual([{ key: key(), payload: expect.objectContaining({ intent: "accept", patientRef }) }]);
    expect(await lastInbound()).toMatchObject({ intent: "accept", routedTo: key() });
    expect(await openPrompts()).toHaveLength(1);
  });

  it("a number out of range books nothing and goes to staff", async () => {
    await sendInbound(app, services, PHONE_A, "yes");
    await sendInbound(app, services, PHONE_A, "3");
    expect(services.engine.signals).toHaveLength(0);
    expect(await lastInbound()).toMatchObject({ needsStaff: true });
    expect(await openPrompts()).toHaveLength(2);
  });

  it("a number with no question asked books nothing", async () => {
    await sendInbound(app, services, PHONE_A, "1");
    expect(services.engine.signals).toHaveLength(0);
    expect(await openPrompts()).toHaveLength(2);
  });

  it("the question is closed once answered: a second number books nothing more", async () => {
    await sendInbound(app, services, PHONE_A, "yes");
    await sendInbound(app, services, PHONE_A, "1");
    await sendInbound(app, services, PHONE_A, "2");
    expect(services.engine.signals).toHaveLength(1);
  });
});
