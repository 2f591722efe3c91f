import { afterEach, describe, expect, it } from "vitest";
import { recordTemplatesOf } from "../../src/runtime/config-change.js";
import { sendOutreach } from "../../src/messaging/send-outreach.js";
import { listAudit } from "../../src/store/audit-log.js";
import { recordConsent } from "../../src/store/consent-ledger.js";
import { upsertContact } from "../../src/store/contacts.js";
import { markPhoneVerified } from "../../src/store/patient-phones.js";
import { loadLatestPracticeConfig, savePracticeConfigVersion } from "../../src/store/practice-config-versions.js";
import { listTemplateVersions } from "../../src/store/template-versions.js";
import { openConsoleRig, pageText, type ConsoleRig } from "./helpers/console-rig.js";

/**
 * The templates studio: the list with lint states, the live check, a refused save, a saved version
 * that the very next send uses (and its audit names), the history with its diff, and a restore.
 */
let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.dispose();
  rig = undefined;
});

const FILE_TEXT = "{{practice.name}}: Hi {{patient.firstName}}, see you {{appointment.start | datetime}}. Call {{location.phone}}. Reply STOP to opt out.";
const NEW_TEXT = "{{practice.name}}: Hello {{patient.firstName}}, your visit is {{appointment.start | datetime}}. Call {{location.phone}}. Reply STOP to opt out.";
const PHONE = "+13125550123";

/** The console over a store that already holds the config file as version 1, as the main job leaves it. */
async function openStudio(): Promise<ConsoleRig> {
  const config = { templates: { "appointment-reminder": { en: FILE_TEXT } } };
  const opened = await openConsoleRig({ config });
  const saved = await savePracticeConfigVersion(opened.services.store, { raw: config, by: "config-file", at: opened.services.clock.now() });
  await recordTemplatesOf(opened.services.store, saved);
  return opened;
}

async function patientWithConsent(r: ConsoleRig): Promise<void> {
  const { store, crypto } = r.services;
  await upsertContact(store, crypto, { patientRef: "Patient/p1", phone: PHONE, timeZone: "America/Chicago", state: "IL", language: "en" });
  await recordConsent(store, crypto, { patientRef: "Patient/p1", phone: PHONE, scopes: ["appointment"], phiLevel: "minimal", source: "paper", evidence: "Intake form v3", phoneVerified: true, capturedAt: new Date("2026-01-05T00:00:00Z") });
  await markPhoneVerified(store, { patientRef: "Patient/p1", phoneIdx: crypto.index.phone(PHONE), via: "code", evidence: "otp_1", at: new Date("2026-01-05T00:00:00Z") });
}

describe("the templates studio", () => {
  it("lists every template by purpose and language with its lint state and the version the config file seeded", async () => {
    rig = await openStudio();
    const manager = await rig.signIn("manager");
    const res = await manager.get("/templates");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/data-template="/g)).toHaveLength(18);
    const row = /<tr data-template="appointment-reminder\.en">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? "";
    expect(row).toContain("Your practice&#39;s text");
    expect(row).toContain("version 1");
    expect(row).toContain("Passes");
    expect(/<tr data-template="payment-reminder\.es">([\s\S]*?)<\/tr>/.exec(html)?.[1]).toContain("Built-in text");
  });

  it("checks a draft as it is typed: rule, severity and fix, the encoding and the characters forcing it, and the preview per PHI level", async () => {
    rig = await openStudio();
    const manager = await rig.signIn("manager");
    await manager.get("/templates/appointment-reminder/en");
    const res = await manager.post("/templates/appointment-reminder/en/check", { text: "{{practice.name}}: Hi {{patient.firstName}}, your metformin refill is ready ✅. Call {{location.phone}}. Reply STOP to opt out." }, { headers: { "x-csrf-token": manager.token } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-lint-ok="false"');
    expect(html).toContain('data-rule="prescription-drug"');
    expect(html).toContain("Must fix");
    expect(html).toContain('data-encoding="UCS-2"');
    expect(html).toContain("force special-character texts: ✅");
    // At level none the first name is dropped, with why, and the built-in text goes instead.
    const none = /data-level="none"([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    expect(none).toContain("{{patient.firstName}}");
    expect(none).toContain("only for patients who allowed details in texts");
    expect(none).toContain("built-in text instead");
    const minimal = /data-level="minimal"([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
    expect(minimal).toContain("Hi Alex");
    expect(minimal).not.toContain("Left out");
  });

  it("refuses to save a template with a lint error, keeps what was typed, and changes nothing", async () => {
    rig = await openStudio();
    const manager = await rig.signIn("manager");
    await manager.get("/templates/appointment-reminder/en");
    const bad = "{{practice.name}}: Hi {{patient.firstName}}, your oxycodone refill is ready. Reply STOP to opt out.";
    const res = await manager.post("/templates/appointment-reminder/en", { text: bad });
    expect(res.status).toBe(422);
    const text = await pageText(res);
    expect(text).toContain("There is a problem");
    expect(text).toContain("Not saved: fix the problems marked Must fix first");
    expect(text).toContain("oxycodone refill");
    expect((await loadLatestPracticeConfig(rig.services.store))?.version).toBe(1);
    expect(await listTemplateVersions(rig.services.store, "appointment-reminder", "en")).toHaveLength(1);
    expect((await manager.post("/templates/appointment-reminder/en", { text: "   " })).status).toBe(422);
    expect((await manager.post("/templates/appointment-reminder/xx", { text: NEW_TEXT })).status).toBe(404);
  });

  it("saves a new version with who and when; the next send uses it and its audit names the version", async () => {
    rig = await openStudio();
    await patientWithConsent(rig);
    const manager = await rig.signIn("manager");
    await manager.get("/templates/appointment-reminder/en");
    const res = await manager.post("/templates/appointment-reminder/en", { text: NEW_TEXT });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/templates/appointment-reminder/en?saved=2");
    const [latest] = await listTemplateVersions(rig.services.store, "appointment-reminder", "en");
    expect(latest).toMatchObject({ version: 2, body: NEW_TEXT, createdBy: `staff:${manager.staff.id}`, configVersion: 2 });
    const saved = await listAudit(rig.services.store, "template:appointment-reminder.en");
    expect(saved.map((a) => [a.action, a.actor])).toEqual([["template.saved", `staff:${manager.staff.id}`]]);
    expect(JSON.parse(saved[0]?.details ?? "{}")).toMatchObject({ configVersion: 2, templateVersions: "appointment-reminder.en@v2" });

    const sent = await sendOutreach(rig.services, { patientRef: "Patient/p1", scope: "appointment", templateId: "appointment-reminder", values: { patient: { firstName: "Rowan" }, appointment: { start: new Date("2026-11-27T15:30:00Z") } }, effectKey: "reminder:a1", actor: "workflow:appointment-reminder", subjectRef: "Appointment/a1" });
    expect(sent.outcome).toBe("sent");
    expect(rig.services.sms.sent[0]?.body).toContain("Hello Rowan, your visit is");
    const audit = await listAudit(rig.services.store, "Appointment/a1");
    expect(JSON.parse(audit[0]?.details ?? "{}")).toMatchObject({ templateVersion: "appointment-reminder.en@v2" });
  });

  it("shows the history with the words each version changed, and restores an earlier version as the newest", async () => {
    rig = await openStudio();
    const manager = await rig.signIn("manager");
    await manager.get("/templates/appointment-reminder/en");
    await manager.post("/templates/appointment-reminder/en", { text: NEW_TEXT });
    const history = await manager.get("/templates/appointment-reminder/en/history");
    const html = await history.text();
    expect(html).toContain("<del>Hi</del>");
    expect(html).toContain("<ins>Hello</ins>");
    expect(html).toContain(manager.staff.email);
    expect(html).toContain("the config file");
    const restored = await manager.post("/templates/appointment-reminder/en/restore", { version: "1" });
    expect(restored.status).toBe(303);
    const versions = await listTemplateVersions(rig.services.store, "appointment-reminder", "en");
    expect(versions.map((v) => [v.version, v.body])).toEqual([[3, FILE_TEXT], [2, NEW_TEXT], [1, FILE_TEXT]]);
    expect(rig.services.config.templates["appointment-reminder"]?.en).toBe(FILE_TEXT);
    expect((await listAudit(rig.services.store, "template:appointment-reminder.en")).map((a) => a.action)).toEqual(["template.saved", "template.restored"]);
    expect((await manager.post("/templates/appointment-reminder/en/restore", { version: "9" })).status).toBe(404);
  });

  it("is for managers and administrators: the front desk gets 403, and the refusal is audited", async () => {
    rig = await openStudio();
    const desk = await rig.signIn("front-desk");
    expect((await desk.get("/templates")).status).toBe(403);
    expect((await desk.post("/templates/appointment-reminder/en", { text: NEW_TEXT })).status).toBe(403);
    expect(await listTemplateVersions(rig.services.store, "appointment-reminder", "en")).toHaveLength(1);
    const denied = await rig.services.store.db.selectFrom("audit_log").select("reasons").where("action", "=", "console.access_denied").execute();
    expect(denied.map((d) => d.reasons)).toEqual([JSON.stringify(["needs-templates"]), JSON.stringify(["needs-templates"])]);
  });
});
