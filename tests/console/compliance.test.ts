import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "../../src/store/audit-log.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { recordPhoneOptOut } from "../../src/store/phone-opt-outs.js";
import { listPracticeConfigVersions, savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/** The compliance center: the BAA boundary and its forms, consents and opt-outs, the audit log. */
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${"3".repeat(32)}`, TWILIO_AUTH_TOKEN: "compliance-token", TWILIO_FROM: "+13125550100" };
const PHONE = "+13125550177";

let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

async function openCenter(): Promise<ConsoleRig> {
  const opened = await openConsoleRig({ env: TWILIO });
  await savePracticeConfigVersion(opened.services.store, { raw: {}, by: "config-file", at: opened.services.clock.now() });
  return opened;
}

const twilioCard = (html: string) => /<section class="card" data-party="twilio"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

describe("the BAA boundary page", () => {
  it("flags Twilio without a BAA, on the page and on Today; a recorded attestation is stored, audited and clears both at once", async () => {
    rig = await openCenter();
    const manager = await rig.signIn("manager");
    const before = await (await manager.get("/compliance")).text();
    expect(twilioCard(before)).toContain('data-finding="phi-outside-baa"');
    expect(twilioCard(before)).toContain("No BAA recorded");
    expect(await (await manager.get("/today")).text()).toContain('data-boundary-flags="1"');

    await manager.get("/compliance");
    const refused = await manager.post("/compliance/baa/twilio", { kind: "attestation", "date-twilio": "15/01/2026", "reference-twilio": "" });
    expect(refused.status).toBe(422);
    const refusedText = await pageText(refused);
    expect(refusedText).toContain("must be a date like 2026-01-15");
    expect(refusedText).toContain("Say where the signed BAA is kept");
    expect(await listPracticeConfigVersions(rig.services.store)).toHaveLength(1);

    const saved = await manager.post("/compliance/baa/twilio", { kind: "attestation", "date-twilio": "2026-01-15", "reference-twilio": "Twilio BAA, contract 2026-114" });
    expect(saved.status).toBe(303);
    const [latest] = await listPracticeConfigVersions(rig.services.store);
    expect(latest?.raw).toEqual({ baa: { twilio: { signed: true, date: "2026-01-15", reference: "Twilio BAA, contract 2026-114" } } });
    expect((await listAudit(rig.services.store, "baa:twilio")).map((a) => [a.action, a.actor])).toEqual([["baa.attested", `staff:${manager.staff.id}`]]);
    const after = await (await manager.get("/compliance?recorded=1")).text();
    expect(twilioCard(after)).not.toContain("phi-outside-baa");
    expect(twilioCard(after)).toContain("BAA signed 2026-01-15");
    expect(await (await manager.get("/today")).text()).not.toContain("data-boundary-flags");
  });

  it("records an acknowledgement with the schema's own message for a reason too short", async () => {
    rig = await openCenter();
    const manager = await rig.signIn("admin");
    await manager.get("/compliance");
    const short = await manager.post("/compliance/baa/twilio", { kind: "acknowledgement", "reason-twilio": "pilot", "by-twilio": "Dana Lee", "ackdate-twilio": "2026-02-01" });
    expect(short.status).toBe(422);
    expect(await pageText(short)).toContain("must say why PHI may flow there (at least a sentence)");
    const ok = await manager.post("/compliance/baa/twilio", { kind: "acknowledgement", "reason-twilio": "Pilot month while the BAA is countersigned", "by-twilio": "Dana Lee", "ackdate-twilio": "2026-02-01" });
    expect(ok.status).toBe(303);
    expect(twilioCard(await (await manager.get("/compliance")).text())).toContain('data-finding="phi-outside-baa-acknowledged"');
  });
});

describe("consents, opt-outs and the audit log", () => {
  it("counts consents by scope and PHI level, lists opt-outs by masked number only, and exports them without message text", async () => {
    rig = await openCenter();
    const { store, crypto } = rig.services;
    await recordConsent(store, crypto, { patientRef: "Patient/p1", phone: PHONE, scopes: ["appointment", "waitlist"], phiLevel: "minimal", source: "paper", evidence: "Intake form v3", capturedAt: new Date("2026-01-05T00:00:00Z") });
    await recordConsent(store, crypto, { patientRef: "Patient/p2", phone: "+13125550188", scopes: ["appointment"], phiLevel: "none", source: "paper", evidence: "Intake form v3", capturedAt: new Date("2026-01-05T00:00:00Z") });
    await upsertContact(store, crypto, { patientRef: "Patient/p1", phone: PHONE, timeZone: "America/Chicago", state: "IL", language: "en" });
    await recordPhoneOptOut(store, crypto.index.phone(PHONE), { at: new Date("2026-11-20T15:00:00Z"), reason: "sms-opt-out", sourceRef: "in_1" });
    const manager = await rig.signIn("manager");
    const html = await (await manager.get("/compliance/consents")).text();
    expect(/data-scope="appointment"[\s\S]*?data-level="none">\s*1[\s\S]*?data-level="minimal">\s*1/.test(html)).toBe(true);
    expect(/data-scope="waitlist"[\s\S]*?data-level="none">\s*0[\s\S]*?data-level="minimal">\s*1/.test(html)).toBe(true);
    expect(html).toContain("•••-•••-0177");
    expect(html).not.toContain("5550177");
    expect(html).toContain("Patient/p1");
    const csv = await manager.get("/compliance/consents.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const body = await csv.text();
    expect(body.split("\r\n")[0]).toBe("kind,scope,phi_level,patients,number,patient_refs,opted_out");
    expect(body).toContain("opt-out,,,,•••-•••-0177,Patient/p1,2026-11-20T15:00:00.000Z sms-opt-out in_1");
    expect(body).not.toContain("5550177");
    const exported = await store.db.selectFrom("audit_log").select("actor").where("action", "=", "console.consents_exported").execute();
    expect(exported).toEqual([{ actor: `staff:${manager.staff.id}` }]);
  });

  it("filters the audit log, shows the chain verified, refuses a bad date, and exports what the filter shows", async () => {
    rig = await openCenter();
    const manager = await rig.signIn("manager");
    const page = await manager.get("/compliance/audit?actor=staff:");
    const html = await page.text();
    expect(html).toContain('data-chain="ok"');
    const rows = html.match(/data-seq="/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    const all = await rig.services.store.db.selectFrom("audit_log").select("seq").where("actor", "like", "staff:%").execute();
    expect(rows).toHaveLength(all.length);
    const denied = await manager.get("/compliance/audit?decision=deny");
    expect((await denied.text()).match(/data-seq="/g)).toBeNull();
    const bad = await manager.get("/compliance/audit?from=yesterday");
    expect(bad.status).toBe(422);
    expect(await pageText(bad)).toContain("Enter a date like 2026-12-01");
    const seqs = all.map((r) => Number(r.seq)).sort((a, b) => b - a);
    const csv = (await (await manager.get("/compliance/audit.csv?actor=staff:")).text()).trimEnd().split("\r\n");
    expect(csv[0]).toBe("seq,at,actor,action,subject_ref,decision,reasons,details");
    expect(csv.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(seqs);
  });

  it("is for managers and administrators: the front desk gets 403 on every part", async () => {
    rig = await openCenter();
    const desk = await rig.signIn("front-desk");
    for (const path of ["/compliance", "/compliance/consents", "/compliance/consents.csv", "/compliance/audit", "/compliance/audit.csv"]) expect(`${path} ${(await desk.get(path)).status}`).toBe(`${path} 403`);
    expect((await desk.post("/compliance/baa/twilio", { kind: "attestation", "date-twilio": "2026-01-15", "reference-twilio": "x" })).status).toBe(403);
    expect(await listPracticeConfigVersions(rig.services.store)).toHaveLength(1);
    // The front desk still sees the flag on Today, and who can settle it.
    expect(await pageText(await desk.get("/today"))).toContain("Your practice manager can record the BAA");
  });
});
