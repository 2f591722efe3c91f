import { afterEach, describe, expect, it } from "vitest";
import { markInboundRouted, recordInbound } from "../../src/store/inbound-messages.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const PHONE = "+13125550177";
const PATIENT = "Patient/inbox-1";
const BODY = "Can I bring my daughter along on Thursday?";
let sid = 0;

async function patientOnPhone(r: ConsoleRig, patientRef = PATIENT, phone = PHONE): Promise<void> {
  await upsertContact(r.services.store, r.services.crypto, { patientRef, phone });
  await recordConsent(r.services.store, r.services.crypto, { patientRef, phone, scopes: ["appointment"], phiLevel: "none", source: "paper", evidence: "Form 12" });
}

async function needsStaff(r: ConsoleRig, body = BODY, phone = PHONE, intent = "unknown"): Promise<string> {
  const { id } = await recordInbound(r.services.store, r.services.crypto, { providerSid: `SM${++sid}`, phone, sender: "+13125550100", body, receivedAt: r.services.clock.now() });
  await markInboundRouted(r.services.store, id, { intent, routedTo: "staff", needsStaff: true });
  return id;
}

describe("console inbox", () => {
  it("lists conversations needing a person with an unread count; opening one shows the decrypted thread, marks it read and audits the view without PHI", async () => {
    rig = await openConsoleRig();
    await patientOnPhone(rig);
    const id = await needsStaff(rig);
    const desk = await rig.signIn("front-desk");
    const list = await pageText(await desk.get("/inbox"));
    expect(list).toContain("1 unread");
    expect(list).toContain("Reply minnow could not read");
    expect(list).not.toContain(BODY);
    const thread = await desk.get(`/inbox/${id}`);
    expect(thread.status).toBe(200);
    expect(await pageText(thread)).toContain(BODY);
    expect(await pageText(await desk.get("/inbox"))).toContain("0 unread");
    const audit = await rig.services.store.db.selectFrom("audit_log").selectAll().where("action", "=", "console.thread_viewed").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `staff:${desk.staff.id}`, subject_ref: PATIENT });
    const stored = JSON.stringify(audit);
    expect(stored).not.toContain("daughter");
    expect(stored).not.toContain("5550177");
  });

  it("refuses a reply that breaks a carrier rule, with the error beside the field and every word kept; nothing is sent or started", async () => {
    rig = await openConsoleRig();
    await patientOnPhone(rig);
    const id = await needsStaff(rig);
    const desk = await rig.signIn("front-desk");
    await desk.get(`/inbox/${id}`);
    const typed = "Your oxycodone refill is ready for pickup";
    const res = await desk.post(`/inbox/${id}/reply`, { patientRef: PATIENT, answer: "text", text: typed });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(typed);
    expect(html).toMatch(/id="f-text-error"[^>]*>.*Fix this before sending/s);
    expect(html).toContain('href="#f-text"');
    const empty = await desk.post(`/inbox/${id}/reply`, { patientRef: PATIENT, answer: "text", text: "  " });
    expect(await pageText(empty)).toContain("Write your reply, or choose a ready-made answer");
    expect(await rig.services.store.db.selectFrom("staff_replies").selectAll().execute()).toEqual([]);
    expect(rig.services.engine.starts).toEqual([]);
  });

  it("queues a valid reply: stored encrypted, audited, and handed to the staff-reply workflow by reference only", async () => {
    rig = await openConsoleRig();
    await patientOnPhone(rig);
    const id = await needsStaff(rig);
    const desk = await rig.signIn("front-desk");
    await desk.get(`/inbox/${id}`);
    const res = await desk.post(`/inbox/${id}/reply`, { patientRef: PATIENT, answer: "text", text: "Yes, of course. See you then!" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/inbox/${id}?notice=reply-queued`);
    const [reply] = await rig.services.store.db.selectFrom("staff_replies").selectAll().execute();
    expect(reply).toMatchObject({ inbound_id: id, patient_ref: PATIENT, staff_id: desk.staff.id, status: "queued", template_id: null });
    expect(reply?.body_ct).not.toContain("of course");
    expect(rig.services.engine.starts).toEqual([{ workflowId: "staff-reply", input: { replyId: reply?.id }, opts: { key: `staff-reply:${reply?.id}` } }]);
    const audit = await rig.services.store.db.selectFrom("audit_log").select(["actor", "subject_ref", "details"]).where("action", "=", "console.reply_queued").execute();
    expect(audit).toEqual([{ actor: `staff:${desk.staff.id}`, subject_ref: PATIENT, details: expect.stringContaining(reply?.id ?? "?") }]);
    expect(audit[0]?.details).not.toContain("of course");
  });

  it("answers with a ready-made template without storing any words", async () => {
    rig = await openConsoleRig();
    await patientOnPhone(rig);
    const id = await needsStaff(rig);
    const desk = await rig.signIn("manager");
    await desk.get(`/inbox/${id}`);
    expect((await desk.post(`/inbox/${id}/reply`, { patientRef: PATIENT, answer: "staff-call-us", text: "" })).status).toBe(303);
    const [reply] = await rig.services.store.db.selectFrom("staff_replies").select(["template_id", "body_ct"]).execute();
    expect(reply).toEqual({ template_id: "staff-call-us", body_ct: null });
    const unknown = await desk.post(`/inbox/${id}/reply`, { patientRef: PATIENT, answer: "payment-reminder", text: "" });
    expect(unknown.status).toBe(422);
  });

  it("lints as staff type: opt-out word misuse is an error, and the preview shows the practice's name and the length", async () => {
    rig = await openConsoleRig();
    const desk = await rig.signIn("front-desk");
    const bad = await pageText(await desk.post("/inbox/lint", { text: "Reply CANCEL to cancel your visit" }, { csrf: null, headers: { "x-csrf-token": desk.token } }));
    expect(bad).toContain("Must fix:");
    const good = await (await desk.post("/inbox/lint", { text: "See you soon" }, { csrf: null, headers: { "x-csrf-token": desk.token } })).text();
    expect(good).toContain('data-lint-ok="true"');
    expect(good).toContain("Sunrise Family Clinic: See you soon");
    expect(good).toMatch(/1 text, \d+ characters/);
    expect((await desk.post("/inbox/lint", { text: "x" }, { csrf: null })).status).toBe(403);
  });

  it("resolving keeps the history under Resolved; a new message from the number opens it again", async () => {
    rig = await openConsoleRig();
    await patientOnPhone(rig);
    const id = await needsStaff(rig);
    const desk = await rig.signIn("front-desk");
    await desk.get(`/inbox/${id}`);
    expect((await desk.post(`/inbox/${id}/resolve`)).headers.get("location")).toBe("/inbox?notice=resolved");
    expect(await pageText(await desk.get("/inbox"))).toContain("Nothing needs a person right now");
    const resolved = await pageText(await desk.get("/inbox?show=resolved"));
    expect(resolved).toContain(desk.staff.email);
    expect(await pageText(await desk.get(`/inbox/${id}`))).toContain(BODY);
    await needsStaff(rig, "Also, is parking free?");
    const reopened = await pageText(await desk.get("/inbox"));
    expect(reopened).toContain("1 unread");
  });

  it("assigns a conversation to a colleague, and refuses someone who is not on the staff list", async () => {
    rig = await openConsoleRig();
    await patientOnPhone(rig);
    const id = await needsStaff(rig);
    const colleague = await rig.addStaff("front-desk", "colleague@clinic.test");
    const desk = await rig.signIn("manager");
    await desk.get(`/inbox/${id}`);
    expect((await desk.post(`/inbox/${id}/assign`, { staffId: "stf_nobody" })).status).toBe(422);
    expect((await desk.post(`/inbox/${id}/assign`, { staffId: colleague.id })).status).toBe(303);
    expect(await pageText(await desk.get("/inbox"))).toContain("colleague@clinic.test");
  });

  it("does not offer to text a number minnow cannot tie to a patient, and refuses a forged reply", async () => {
    rig = await openConsoleRig();
    const id = await needsStaff(rig, "who is this?", "+13125550199", "wrong_number");
    const desk = await rig.signIn("front-desk");
    const page = await pageText(await desk.get(`/inbox/${id}`));
    expect(page).toContain("Says it is the wrong number");
    expect(page).toContain("cannot text it");
    const forged = await desk.post(`/inbox/${id}/reply`, { patientRef: PATIENT, answer: "text", text: "hello" });
    expect(forged.status).toBe(422);
    expect(await rig.services.store.db.selectFrom("staff_replies").selectAll().execute()).toEqual([]);
  });

  it("answers 404 in words for a conversation that does not exist", async () => {
    rig = await openConsoleRig();
    const desk = await rig.signIn("front-desk");
    const res = await desk.get("/inbox/in_nothing");
    expect(res.status).toBe(404);
    expect(await pageText(res)).toContain("This conversation was not found");
  });
});
