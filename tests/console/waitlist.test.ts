import type { Appointment, Patient } from "@medplum/fhirtypes";
import { afterEach, describe, expect, it } from "vitest";
import { upsertContact } from "../../src/store/contacts.js";
import { appendEvent } from "../../src/store/events.js";
import { openPrompt } from "../../src/store/prompts.js";
import { claimSlot } from "../../src/store/slot-claims.js";
import { slotKey } from "../../workflows/workflow-keys.js";
import { openConsoleRigWithEhr, pageText } from "./helpers/console-rig.js";

type Rig = Awaited<ReturnType<typeof openConsoleRigWithEhr>>;
let rig: Rig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const NOW = new Date("2026-12-01T15:00:00Z");

async function patient(r: Rig, given: string, phone: string): Promise<string> {
  const resource: Patient = { resourceType: "Patient", name: [{ given: [given], family: "Waitwell" }], telecom: [{ system: "phone", value: phone, use: "mobile" }] };
  const ref = `Patient/${(await r.fhir.create(resource)).id ?? ""}`;
  await upsertContact(r.services.store, r.services.crypto, { patientRef: ref, phone });
  return ref;
}

async function cancelledSlot(r: Rig, hoursAhead: number): Promise<string> {
  const start = new Date(NOW.getTime() + hoursAhead * 3_600_000);
  const appointment: Appointment = { resourceType: "Appointment", status: "cancelled", start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString(), participant: [{ actor: { reference: "Practitioner/prac-1" }, status: "accepted" }] };
  return `Appointment/${(await r.fhir.create(appointment)).id ?? ""}`;
}

describe("console waitlist", () => {
  it("adds a patient found by mobile number with their dates; a refused form says what to fix beside each field and keeps what was typed", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW });
    await patient(rig, "Ottilie", "+13125550161");
    const desk = await rig.signIn("front-desk");
    await desk.get("/waitlist");
    const refused = await desk.post("/waitlist/entries", { phone: "(312) 555-0199", from: "2026-12-05", to: "2026-12-04", priority: "1" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toMatch(/id="f-phone-error"[^>]*>.*No patient has this number on file/s);
    expect(html).toMatch(/id="f-to-error"[^>]*>.*on or after the first day/s);
    expect(html).toContain('value="(312) 555-0199"');
    expect(html).toMatch(/value="1" checked/);

    expect((await desk.post("/waitlist/entries", { phone: "312-555-0161", from: "2026-12-02", to: "2026-12-10", priority: "1" })).status).toBe(303);
    const page = await pageText(await desk.get("/waitlist"));
    expect(page).toMatch(/Ottilie Waitwell Wed, Dec 2 to Thu, Dec 10 Anyone, anywhere Urgent/);
    const [row] = await rig.services.store.db.selectFrom("waitlist").select(["id", "priority", "status"]).execute();
    expect(row).toMatchObject({ priority: 1, status: "waiting" });

    await desk.get("/waitlist");
    expect((await desk.post(`/waitlist/entries/${row?.id ?? ""}/remove`)).status).toBe(303);
    expect((await rig.services.store.db.selectFrom("waitlist").select("status").executeTakeFirstOrThrow()).status).toBe("removed");
    const audit = await rig.services.store.db.selectFrom("audit_log").select("action").where("actor", "=", `staff:${desk.staff.id}`).where("action", "like", "console.waitlist_%").execute();
    expect(audit.map((a) => a.action)).toEqual(["console.waitlist_viewed", "console.waitlist_viewed", "console.waitlist_added", "console.waitlist_viewed", "console.waitlist_viewed", "console.waitlist_removed"]);
  });

  it("offers a cancelled slot now: the same fill a cancellation starts, once per slot", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW });
    const slot = await cancelledSlot(rig, 26);
    const desk = await rig.signIn("manager");
    const page = await desk.get("/waitlist");
    expect(await page.text()).toContain(`value="${slot}"`);
    expect((await desk.post("/waitlist/fills", { cancelledRef: "Appointment/not-cancelled" })).status).toBe(422);
    expect((await desk.post("/waitlist/fills", { cancelledRef: slot })).headers.get("location")).toBe("/waitlist?notice=fill-started");
    expect((await desk.post("/waitlist/fills", { cancelledRef: slot })).headers.get("location")).toBe("/waitlist?notice=fill-running");
    expect(rig.services.engine.starts).toEqual([{ workflowId: "waitlist-fill", input: { cancelledRef: slot }, opts: { key: `waitlist:${slot}` } }]);
  });

  it("shows a fill's offers, holds and who took it", async () => {
    rig = await openConsoleRigWithEhr({ now: NOW });
    const slot = await cancelledSlot(rig, 30);
    const taker = await patient(rig, "Marisol", "+13125550162");
    const other = await patient(rig, "Benedikt", "+13125550163");
    const { store, crypto } = rig.services;
    for (const p of [taker, other]) {
      await appendEvent(store, { type: "waitlist.offer_sent", refs: { cancelledRef: slot, waitlistRef: `wl-${p}`, patientRef: p }, occurredAt: NOW });
      await openPrompt(store, { phoneIdx: crypto.index.phone(p === taker ? "+13125550162" : "+13125550163"), sender: "s", patientRef: p, kind: "waitlist-offer", subjectRef: slot, expecting: ["accept", "decline"], signalKey: `offer:${p}`, expiresAt: new Date(NOW.getTime() + 15 * 60_000) }, NOW);
    }
    const desk = await rig.signIn("front-desk");
    expect(await pageText(await desk.get("/waitlist"))).toMatch(/Offering now.*Marisol Waitwell.*Offered, waiting for an answer/);
    await claimSlot(store, slotKey(slot), taker, NOW);
    await appendEvent(store, { type: "waitlist.slot_filled", refs: { cancelledRef: slot, bookedRef: "Appointment/booked", patientRef: taker }, occurredAt: NOW });
    const filled = await pageText(await desk.get("/waitlist"));
    expect(filled).toContain("Filled by Marisol Waitwell");
    expect(filled).toMatch(/Marisol Waitwell.*Took it/);
    expect(filled).toMatch(/Benedikt Waitwell.*Answered after it was filled/);
  });
});
