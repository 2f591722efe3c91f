import type { Appointment } from "@medplum/fhirtypes";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilio, type FakeTwilio } from "../../../src/sandbox/fake-twilio.js";
import { getContact } from "../../../src/store/contacts.js";
import { runCli } from "../../cli/run-cli.js";
import { TEST_DATA_KEY } from "../../runtime/helpers.js";
import { expectHealthyPage, launchConsoleBrowser, screenshotPage, type ConsoleBrowser } from "./browser.js";
import { captureServerLogs, releaseServerLogs, startConsoleSandbox, type ConsoleSandbox } from "./sandbox-server.js";

/**
 * The practice manager's pages in a real browser against the real job on the sandbox: the
 * templates studio, with a change that the very next text uses.
 */
const PASSWORD = "a manager's browser passphrase";
const NEW_RESCHEDULE = "{{practice.name}}: To pick a new time, call us at {{location.phone}} ({{location.hours}}). We are glad to help.";

const TWILIO_SID = `AC${"7".repeat(32)}`;
const TWILIO_TOKEN = "practice-pages-token";

let sandbox: ConsoleSandbox;
/** The same job with real Twilio settings (aimed at a local fake Twilio), so Twilio is on the BAA boundary. */
let twilioSandbox: ConsoleSandbox;
let fakeTwilio: FakeTwilio;
let browser: ConsoleBrowser;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signIn(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.fill("#f-password", PASSWORD);
  await page.fill("#f-confirm", PASSWORD);
  await Promise.all([page.waitForURL(/\/today/), page.click("main button[type=submit]")]);
}

/** An English-speaking patient whose reminder still waits for C or R, texted from the practice's own number. */
async function patientAskedToConfirm(): Promise<{ patientRef: string; phone: string }> {
  const { services } = sandbox.job.runtime;
  const prompts = await services.store.db.selectFrom("prompts").select(["patient_ref", "sender"]).where("kind", "=", "reminder").where("closed_at", "is", null).execute();
  for (const prompt of prompts.filter((p) => p.sender === services.sms.sender)) {
    const contact = await getContact(services.store, services.crypto, prompt.patient_ref);
    if (contact?.phone && (contact.language ?? "en").startsWith("en")) return { patientRef: prompt.patient_ref, phone: contact.phone };
  }
  throw new Error("No open reminder in English from the practice's number");
}

beforeAll(async () => {
  captureServerLogs();
  fakeTwilio = await startFakeTwilio({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, statusCallbacks: false });
  [sandbox, twilioSandbox] = await Promise.all([
    startConsoleSandbox(),
    startConsoleSandbox({}, { TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_FROM: "+13125550100", TWILIO_API_BASE_URL: fakeTwilio.baseUrl, MINNOW_DATA_KEY: TEST_DATA_KEY }),
  ]);
  const { store } = sandbox.job.runtime.services;
  await until(() => store.db.selectFrom("prompts").select("id").where("kind", "=", "reminder").execute(), (rows) => rows.length >= 3, 120_000, "reminders asking C or R");
  browser = await launchConsoleBrowser();
  await signIn(browser.page, sandbox.signInLink);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([sandbox?.stop(), twilioSandbox?.stop()]);
  await fakeTwilio?.close();
  releaseServerLogs();
}, 60_000);

describe("the manager's pages in Chromium", { timeout: 180_000 }, () => {
  it("templates: a drug name is flagged as it is typed; the fixed text saves, and the next text uses it with its version in the audit", async () => {
    const { page } = browser;
    await page.goto(`${sandbox.url}/templates`);
    expect(await page.locator("tr[data-template]").count()).toBe(18);
    await screenshotPage(page, "templates");

    await page.goto(`${sandbox.url}/templates/reschedule-instructions/en`);
    await expectHealthyPage(page);
    await page.fill("#f-text", "{{practice.name}}: Call {{location.phone}} to reschedule, and bring your Adderall bottle.");
    await expect.poll(() => page.locator("#template-checks [data-rule]").allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining("prescription-drug")]));
    expect(await page.locator("#template-checks [data-lint-ok]").getAttribute("data-lint-ok")).toBe("false");
    await screenshotPage(page, "template-editor-finding");

    await page.fill("#f-text", NEW_RESCHEDULE);
    await expect.poll(() => page.locator("#template-checks [data-lint-ok]").getAttribute("data-lint-ok"), { timeout: 10_000 }).toBe("true");
    expect(await page.locator("#template-checks [data-rule=prescription-drug]").count()).toBe(0);
    await Promise.all([page.waitForURL(/saved=2/), page.click("main form button[type=submit]")]);
    expect(await page.locator("main .notice").textContent()).toContain("Saved as version 2");
    await screenshotPage(page, "template-editor");

    const patient = await patientAskedToConfirm();
    await sandbox.reply(patient.phone, "R");
    const outbox = sandbox.job.runtime.outbox?.fake;
    const sent = await until(async () => outbox?.messages().filter((m) => m.to === patient.phone && m.body.includes("To pick a new time")) ?? [], (m) => m.length > 0, 30_000, "the new reschedule text");
    expect(sent).toHaveLength(1);
    const { store } = sandbox.job.runtime.services;
    const audit = await store.db.selectFrom("audit_log").select("details").where("action", "=", "reply.sent").where("subject_ref", "=", patient.patientRef).execute();
    expect(audit.map((a) => (JSON.parse(a.details) as { templateVersion?: string }).templateVersion)).toContain("reschedule-instructions.en@v2");

    await page.goto(`${sandbox.url}/templates/reschedule-instructions/en/history`);
    expect(await page.locator("ol.history > li").count()).toBe(2);
    expect((await page.locator("ol.history ins").allTextContents()).join(" ")).toContain("pick");
    await screenshotPage(page, "template-history");
    expect(browser.errors).toEqual([]);
  });

  it("compliance: Twilio without a BAA is flagged here and on Today; the recorded attestation clears it, and npx minnow boundary agrees", async () => {
    const signedOut = await launchConsoleBrowser();
    try {
      const { page } = signedOut;
      await signIn(page, twilioSandbox.signInLink);
      expect(await page.locator("[data-boundary-flags]").count()).toBe(1);
      expect(await page.locator("[data-texts-held]").count()).toBe(1);
      await screenshotPage(page, "today-boundary-flag");
      // The run itself holds its texts to Twilio, each with the reason in words in the audit.
      const { store } = twilioSandbox.job.runtime.services;
      const held = await until(() => store.db.selectFrom("audit_log").select(["reasons", "details"]).where("action", "=", "message.deferred").execute(), (rows) => rows.some((r) => r.reasons.includes("baa-boundary")), 120_000, "a text held at the BAA boundary");
      expect(held.find((r) => r.reasons.includes("baa-boundary"))?.details).toContain("Held: Twilio Programmable Messaging would receive phone numbers, message text, first names, appointment times and location names without a signed Business Associate Agreement");
      expect(fakeTwilio.messages()).toEqual([]);
      const cli = { ...twilioSandbox.env, LOG_LEVEL: "silent" };
      const before = await runCli(["boundary"], cli);
      expect(before.code).toBe(1);
      expect(before.stdout).toContain("ERROR   phi-outside-baa");

      await page.goto(`${twilioSandbox.url}/compliance`);
      const twilio = page.locator("section[data-party=twilio]");
      expect(await twilio.locator("[data-finding=phi-outside-baa]").count()).toBe(1);
      const card = (await twilio.textContent()) ?? "";
      expect(card).toContain("would receive phone numbers, message text, first names, appointment times and location names without a Business Associate Agreement");
      expect(card).not.toMatch(/first-name|message-body/);
      await screenshotPage(page, "compliance-boundary");
      await twilio.locator("summary", { hasText: "Record the signed BAA" }).click();
      await page.fill("#f-date-twilio", "2026-01-15");
      await page.fill("#f-reference-twilio", "Twilio BAA, contract 2026-114");
      await Promise.all([page.waitForURL(/recorded=1/), twilio.locator("form button", { hasText: "Record the BAA" }).click()]);
      expect(await twilio.locator("[data-finding=phi-outside-baa]").count()).toBe(0);
      expect(await twilio.textContent()).toContain("BAA signed 2026-01-15");

      const after = await runCli(["boundary"], cli);
      expect(after.code).toBe(0);
      expect(after.stdout).toContain("status:   BAA signed 2026-01-15 (Twilio BAA, contract 2026-114)");
      await page.goto(`${twilioSandbox.url}/today`);
      expect(await page.locator("[data-boundary-flags]").count()).toBe(0);
      expect(await page.locator("[data-texts-held]").count()).toBe(0);

      await page.goto(`${twilioSandbox.url}/compliance/consents`);
      await screenshotPage(page, "compliance-consents");
      await page.goto(`${twilioSandbox.url}/compliance/audit?actor=staff:`);
      expect(await page.locator("[data-chain=ok]").count()).toBe(1);
      expect(await page.locator("tr[data-seq]").count()).toBeGreaterThan(0);
      await screenshotPage(page, "compliance-audit");
      expect(signedOut.errors).toEqual([]);
    } finally {
      await signedOut.close();
    }
  });

  it("settings: an invalid value shows the field's error in plain words, keeps what was typed and changes nothing; a valid one is in force and in config export", async () => {
    const { page } = browser;
    const { services } = sandbox.job.runtime;
    await page.goto(`${sandbox.url}/settings`);
    await screenshotPage(page, "settings");
    const versions = async () => (await services.store.db.selectFrom("practice_config_versions").select("version").execute()).length;
    const before = await versions();
    await page.fill("[name='caps.perWeek']", "40");
    await page.fill("[name='waitlist.holdMinutes']", "a while");
    await page.fill("[name='reminders.touches']", "72h, soon");
    await page.click("main form[action='/settings'] button[type=submit]");
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1);
    expect(await page.locator("#f-caps\\.perWeek-error").textContent()).toContain("The most texts a week can be at most 20; you entered 40");
    expect(await page.locator("#f-waitlist\\.holdMinutes-error").textContent()).toContain('Enter the minutes an offer is held as a number; "a while" is not one');
    expect(await page.locator("#f-reminders\\.touches-error").textContent()).toContain('"soon" is not a time before the appointment');
    expect(await page.locator("main").textContent()).not.toMatch(/expected (number|int)|received string|Too big/);
    expect(await page.inputValue("[name='caps.perWeek']")).toBe("40");
    expect(await page.inputValue("[name='waitlist.holdMinutes']")).toBe("a while");
    expect(await page.inputValue("[name='reminders.touches']")).toBe("72h, soon");
    await screenshotPage(page, "settings-error", { formErrors: true });
    expect(await versions()).toBe(before);
    expect(services.config.caps.perWeek).toBe(3);

    await page.fill("[name='caps.perWeek']", "2");
    await page.fill("[name='waitlist.holdMinutes']", "15");
    await page.fill("[name='reminders.touches']", "72h, 24h");
    await Promise.all([page.waitForURL(/saved=/), page.click("main form[action='/settings'] button[type=submit]")]);
    expect(await page.locator("main .notice").textContent()).toContain("Saved as version");
    expect(services.config.caps.perWeek).toBe(2);
    const exported = await runCli(["config", "export"], { ...sandbox.env, LOG_LEVEL: "silent" });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/caps:\n  perDay: 1\n  perWeek: 2\n/);
    // The browser reports the refused form (422); nothing else went wrong.
    expect(browser.errors.splice(0)).toEqual(["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
  });

  it("insights: after the run with replies, the charts draw with data and each table holds the store's own numbers", async () => {
    const { page } = browser;
    const { store } = sandbox.job.runtime.services;
    // The sandbox's console clock starts on a fixed morning; the store's entries carry the real time: cover both.
    const from = "2026-11-01";
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    // Visits before minnow's first text, as the EHR marked them: three kept, one missed.
    const ehr = sandbox.job.runtime.sandboxEhr;
    if (!ehr) throw new Error("The sandbox job has no sandbox EHR");
    const patient = (await ehr.repo.searchResources<Appointment>({ resourceType: "Appointment" }))[0]?.participant?.[0]?.actor;
    for (const [i, status] of (["fulfilled", "fulfilled", "noshow", "fulfilled"] as const).entries()) {
      const start = new Date(Date.UTC(2026, 10, 17, 15 + i)).toISOString();
      await ehr.repo.createResource<Appointment>({ resourceType: "Appointment", id: `past-visit-${i}`, status, start, end: new Date(Date.parse(start) + 1_800_000).toISOString(), participant: [{ actor: patient ?? { reference: "Patient/none" }, status: "accepted" }] });
    }
    await page.goto(`${sandbox.url}/insights?from=${from}&to=${to}&bucket=week`);
    await expect.poll(() => page.locator("[data-chart-id=sent] canvas").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const inked = await page.evaluate<number>(`(() => {
      const canvas = document.querySelector("[data-chart-id=sent] canvas");
      const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && !(data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250)) n++;
      return n;
    })()`);
    expect(inked).toBeGreaterThan(100);
    await expect.poll(() => page.locator("[data-chart-id=no-show] [data-bars=side-by-side] canvas").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator("[data-chart-summary=no-show]").textContent()).toContain("Before reminders: 25% of 4 appointments were no-shows");
    expect(await page.locator("table[data-chart-table=no-show] tbody tr", { hasText: "2026-11-16" }).locator("td").allTextContents()).toEqual(["25%", "none"]);
    expect(await page.locator("[data-chart-id=waitlist-fills]").count()).toBe(1);
    expect(await page.locator("[data-chart-id=waitlist-time]").count()).toBe(1);
    await screenshotPage(page, "insights");

    const column = async (chart: string, col: number) => {
      const cells = await page.locator(`table[data-chart-table=${chart}] tbody tr td:nth-of-type(${col})`).allTextContents();
      return cells.reduce((sum, cell) => sum + Number(cell.replace("%", "")), 0);
    };
    const sentRows = await store.db.selectFrom("audit_log").select("details").where("action", "=", "message.sent").execute();
    const reminders = sentRows.filter((r) => /"templateId":"appointment-(reminder|confirm-request)"/.test(r.details)).length;
    expect(reminders).toBeGreaterThan(0);
    expect(await column("sent", 1)).toBe(reminders);
    expect(await column("sent", 2)).toBe(sentRows.length);
    const reschedules = await store.db.selectFrom("audit_log").select("seq").where("action", "=", "reply.applied").where("decision", "=", "appointment.reschedule_requested").execute();
    expect(reschedules.length).toBeGreaterThan(0);
    expect(await column("reschedule", 1)).toBe(reschedules.length);
    const csv = await page.request.get(`${sandbox.url}/insights/reschedule.csv?from=${from}&to=${to}&bucket=week`);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("week,reschedule requests");
    expect(lines.slice(1).reduce((sum, line) => sum + Number(line.split(",")[1]), 0)).toBe(reschedules.length);
    const fills = await store.db.selectFrom("events").select("id").where("type", "=", "waitlist.slot_filled").execute();
    expect(await column("waitlist-fills", 2)).toBe(fills.length);
    expect(browser.errors).toEqual([]);
  });
});
