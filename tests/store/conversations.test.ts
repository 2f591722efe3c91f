import { afterEach, describe, expect, it } from "vitest";
import { contactsByPhoneIdx, getContact, markPhoneInvalid, patientRefsByPhone, upsertContact } from "../../src/store/contacts.js";
import { claimAutoReply } from "../../src/store/conversations.js";
import { closePrompt, closePromptsForPhone, listOpenPrompts, openPrompt, type PromptInput } from "../../src/store/prompts.js";
import { testDialects } from "../helpers/test-store.js";
import { openFixture, type Fixture } from "./fixture.js";

const FAMILY = "+13125550160";
const SENDER = "+13125550100";
const t = (hours: number) => new Date(Date.UTC(2026, 2, 1, hours));

describe.each(testDialects())("contacts, prompts and conversations on %s", (dialect) => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.store.dispose();
    fx = undefined;
  });

  it("finds every patient sharing a phone, whatever its spelling", async () => {
    fx = await openFixture(dialect);
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/mom", phone: FAMILY, language: "es", timeZone: "America/Chicago", state: "IL" });
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/kid", phone: "312-555-0160" });
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/solo", phone: "+13125550161" });
    expect(await patientRefsByPhone(fx.store, fx.crypto, "(312) 555-0160")).toEqual(["Patient/kid", "Patient/mom"]);
    const family = await contactsByPhoneIdx(fx.store, fx.crypto, fx.crypto.index.phone(FAMILY));
    expect(family.map((c) => c.phone)).toEqual(["312-555-0160", FAMILY]);
    expect(await getContact(fx.store, fx.crypto, "Patient/mom")).toMatchObject({ language: "es", timeZone: "America/Chicago", state: "IL", invalidAt: null });
    expect(await getContact(fx.store, fx.crypto, "Patient/none")).toBeNull();
  });

  it("flags a bad number on every contact that has it, and a new number clears the flag", async () => {
    fx = await openFixture(dialect);
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/a", phone: FAMILY });
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/b", phone: FAMILY });
    expect(await markPhoneInvalid(fx.store, fx.crypto.index.phone(FAMILY), t(1))).toBe(2);
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/a", phone: FAMILY, language: "en" });
    expect((await getContact(fx.store, fx.crypto, "Patient/a"))?.invalidAt).toEqual(t(1));
    await upsertContact(fx.store, fx.crypto, { patientRef: "Patient/a", phone: "+13125550199" });
    expect((await getContact(fx.store, fx.crypto, "Patient/a"))?.invalidAt).toBeNull();
    expect((await getContact(fx.store, fx.crypto, "Patient/b"))?.invalidAt).toEqual(t(1));
  });

  it("lists the open, unexpired prompts for a phone and sender, oldest first", async () => {
    fx = await openFixture(dialect);
    const idx = fx.crypto.index.phone(FAMILY);
    const prompt = (n: string, extra: Partial<PromptInput> = {}): PromptInput => ({
      phoneIdx: idx, sender: SENDER, patientRef: `Patient/${n}`, kind: "reminder", subjectRef: `Appointment/${n}`,
      expecting: ["confirm", "reschedule"], signalKey: `reply:Appointment/${n}`, expiresAt: t(48), ...extra,
    });
    await openPrompt(fx.store, prompt("1"), t(1));
    await openPrompt(fx.store, prompt("2", { kind: "waitlist-offer", expecting: ["accept"] }), t(2));
    await openPrompt(fx.store, prompt("3", { expiresAt: t(3) }), t(1));
    await openPrompt(fx.store, prompt("4", { sender: "+13125550101" }), t(1));
    const open = await listOpenPrompts(fx.store, idx, SENDER, t(10));
    expect(open.map((p) => [p.subjectRef, p.kind, p.expecting])).toEqual([
      ["Appointment/1", "reminder", ["confirm", "reschedule"]],
      ["Appointment/2", "waitlist-offer", ["accept"]],
    ]);
    expect(await closePrompt(fx.store, "reply:Appointment/1", t(11))).toBe(true);
    expect(await closePrompt(fx.store, "reply:Appointment/1", t(12))).toBe(false);
    expect((await listOpenPrompts(fx.store, idx, SENDER, t(12))).map((p) => p.subjectRef)).toEqual(["Appointment/2"]);
    expect(await closePromptsForPhone(fx.store, idx, t(13))).toBe(3);
    expect(await listOpenPrompts(fx.store, idx, SENDER, t(13))).toEqual([]);
  });

  it("opens a prompt once per signal key (a replayed step reopens nothing)", async () => {
    fx = await openFixture(dialect);
    const input: PromptInput = { phoneIdx: "i", sender: SENDER, patientRef: "Patient/1", kind: "reminder", subjectRef: "Appointment/1", expecting: ["confirm"], signalKey: "k", expiresAt: t(9) };
    const ids = await Promise.all([openPrompt(fx.store, input, t(1)), openPrompt(fx.store, input, t(2))]);
    expect(ids[0]).toBe(ids[1]);
    expect(await fx.store.db.selectFrom("prompts").select("id").execute()).toHaveLength(1);
  });

  it("allows one auto-reply per conversation per day, even when replies race", async () => {
    fx = await openFixture(dialect);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimAutoReply(fx!.store, "idx", SENDER, t(1))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimAutoReply(fx.store, "idx", SENDER, t(24))).toBe(false);
    expect(await claimAutoReply(fx.store, "idx", "+13125550101", t(2))).toBe(true);
    expect(await claimAutoReply(fx.store, "idx", SENDER, t(25))).toBe(true);
  });
});
