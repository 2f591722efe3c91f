import type { Patient } from "@medplum/fhirtypes";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaffMember, newSignInLink } from "../../../src/console/staff-admin.js";
import { SANDBOX_MANAGER_EMAIL } from "../../../src/console/sign-in-links.js";
import { buildPractice } from "../../../src/sandbox/seed-practice.js";
import { getContact } from "../../../src/store/contacts.js";
import { findStaffByEmail } from "../../../src/store/staff-accounts.js";
import { expectHealthyPage, launchConsoleBrowser, screenshotPage, type ConsoleBrowser } from "./browser.js";
import { captureServerLogs, releaseServerLogs, SANDBOX_MORNING, serverLogs, startConsoleSandbox, type ConsoleSandbox } from "./sandbox-server.js";

/**
 * The console in a real browser against the real job on the sandbox: sign in with the link
 * `npm start` prints, read today's schedule, watch a patient's C arrive, answer the inbox, and
 * check the access rules (roles, CSRF, idle sign-out) where a browser meets them.
 */
const PASSWORD = "a browser test passphrase";
const QUESTION = "Can I bring my daughter along? She has a cough";
const ANSWER = "Yes, bring her along and we will see you both";

let sandbox: ConsoleSandbox;
let idleSandbox: ConsoleSandbox;
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

async function choosePassword(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expectHealthyPage(page);
  await page.fill("#f-password", PASSWORD);
  await page.fill("#f-confirm", PASSWORD);
  await Promise.all([page.waitForURL(/\/today/), page.click("main button[type=submit]")]);
}

async function phoneOf(patientRef: string): Promise<string> {
  const { services } = sandbox.job.runtime;
  const contact = await getContact(services.store, services.crypto, patientRef);
  if (!contact?.phone) throw new Error(`No phone for ${patientRef}`);
  return contact.phone;
}

/** A row still waiting for the patient's C or R, and that patient's phone. */
async function waitingRow(page: Page, skip = 0): Promise<{ ref: string; patientRef: string; phone: string }> {
  const rows = page.locator("tr[data-appointment]").filter({ has: page.locator("td.answer", { hasText: "Waiting for reply" }) });
  const row = rows.nth(skip);
  const ref = (await row.getAttribute("data-appointment")) ?? "";
  const href = (await row.locator("td[data-label=Patient] a").getAttribute("href")) ?? "";
  const patientRef = decodeURIComponent(href.replace("/patients/", ""));
  return { ref, patientRef, phone: await phoneOf(patientRef) };
}

beforeAll(async () => {
  captureServerLogs();
  [sandbox, idleSandbox] = await Promise.all([startConsoleSandbox(), startConsoleSandbox({ console: { idleTimeoutMinutes: 0.05 } })]);
  const { store } = sandbox.job.runtime.services;
  // The first sync has asked today's patients to confirm when questions are open.
  await until(() => store.db.selectFrom("prompts").select("id").where("kind", "=", "reminder").execute(), (rows) => rows.length >= 3, 120_000, "reminders asking C or R");
  browser = await launchConsoleBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([sandbox?.stop(), idleSandbox?.stop()]);
  releaseServerLogs();
}, 60_000);

describe("the practice console in Chromium", { timeout: 180_000 }, () => {
  it("signs in with the link npm start printed, then shows today's schedule with counts", async () => {
    const { page } = browser;
    expect(sandbox.banner).toContain(`Console ${sandbox.url}/`);
    await page.goto(sandbox.signInLink);
    await screenshotPage(page, "choose-password");
    await choosePassword(page, sandbox.signInLink);
    await expect.poll(() => page.locator("main h1").textContent()).toMatch(/^Today, Tuesday, December 1, 2026/);
    expect(await page.locator("tr[data-appointment]").count()).toBeGreaterThan(5);
    expect(Number(await page.locator("[data-count=total]").textContent())).toBeGreaterThan(5);
    expect(await page.locator("main").textContent()).toContain("Waiting for reply");
    // Mesa's appointments are written in Arizona time and say so; Chicago's, the page's own, do not.
    const mesaTime = await page.locator("tr[data-appointment]").filter({ hasText: "Mesa Clinic" }).first().locator("td").first().textContent();
    expect(mesaTime).toMatch(/^\d{1,2}:\d{2} (AM|PM) MST$/);
    const chicagoTime = await page.locator("tr[data-appointment]").filter({ hasText: "North Clinic" }).first().locator("td").first().textContent();
    expect(chicagoTime).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
    await screenshotPage(page, "today");
  });

  it("shows a patient's C as confirmed without a reload", async () => {
    const { page } = browser;
    await page.goto(`${sandbox.url}/today`);
    const target = await waitingRow(page);
    const confirmedBefore = Number(await page.locator("[data-count=confirmed]").textContent());
    await page.evaluate("window.__sameDocument = 'yes'");
    await sandbox.reply(target.phone, "C");
    const answer = page.locator(`tr[data-appointment="${target.ref}"] td.answer`);
    await expect.poll(() => answer.textContent(), { timeout: 45_000, interval: 500 }).toContain("Confirmed");
    expect(await page.evaluate("window.__sameDocument")).toBe("yes");
    expect(Number(await page.locator("[data-count=confirmed]").textContent())).toBe(confirmedBefore + 1);
    const appointment = await sandbox.job.runtime.services.sources.fhir?.read<import("@medplum/fhirtypes").Appointment>("Appointment", target.ref.split("/")[1] ?? "");
    expect(appointment?.participant?.find((p) => p.actor?.reference === target.patientRef)?.status).toBe("accepted");
  });

  it("answers an inbox item: live lint while typing, then the patient receives the reply in the outbox", async () => {
    const { page } = browser;
    await page.goto(`${sandbox.url}/today`);
    const patient = await waitingRow(page);
    await sandbox.reply(patient.phone, QUESTION);
    await page.goto(`${sandbox.url}/inbox`);
    await expect.poll(async () => { await page.reload(); return page.locator("[data-count=unread]").textContent(); }, { timeout: 30_000 }).not.toBe("0");
    await screenshotPage(page, "inbox");
    await page.locator("main table a").first().click();
    await expect.poll(() => page.locator("ol.thread").textContent()).toContain(QUESTION);

    await page.fill("#f-text", "Your oxycodone is ready to pick up");
    await expect.poll(() => page.locator("#lint-findings").textContent(), { timeout: 10_000 }).toContain("Must fix");
    await page.fill("#f-text", ANSWER);
    await expect.poll(() => page.locator("#lint-findings").textContent(), { timeout: 10_000 }).toContain("No carrier-rule problems found");
    await screenshotPage(page, "inbox-thread");
    if (await page.locator("select#f-patientRef").count()) await page.selectOption("select#f-patientRef", patient.patientRef);
    await Promise.all([page.waitForURL(/notice=reply-queued/), page.click("main form[action$='/reply'] button[type=submit]")]);
    expect(await page.locator("main .notice").textContent()).toContain("Reply queued");

    const outbox = sandbox.job.runtime.outbox?.fake;
    const sent = await until(async () => outbox?.messages().filter((m) => m.to === patient.phone && m.body.includes(ANSWER)) ?? [], (m) => m.length > 0, 30_000, "the reply in the outbox");
    expect(sent.map((m) => m.body)).toEqual([`Sunrise Family Clinic: ${ANSWER}`]);
    await expect.poll(() => page.locator("ol.thread").textContent(), { timeout: 20_000 }).toContain("Reply from staff");
  });

  it("shows the waitlist, offers a freed slot, and finds a patient by name with consent and messages", async () => {
    const { page } = browser;
    const { services } = sandbox.job.runtime;
    const fhir = services.sources.fhir;
    const future = await fhir?.search("Appointment", { status: "booked", date: `ge${new Date(SANDBOX_MORNING.getTime() + 2 * 86_400_000).toISOString()}`, _count: 1 });
    const appointment = future?.entry?.[0]?.resource as import("@medplum/fhirtypes").Appointment | undefined;
    if (!appointment || !fhir) throw new Error("The sandbox has no appointment two days out");
    await fhir.update({ ...appointment, status: "cancelled" });
    await page.goto(`${sandbox.url}/waitlist`);
    await page.selectOption("#f-cancelledRef", `Appointment/${appointment.id ?? ""}`);
    await Promise.all([page.waitForURL(/notice=fill-/), page.click("form[action='/waitlist/fills'] button")]);
    await screenshotPage(page, "waitlist");

    const someone = buildPractice({ now: SANDBOX_MORNING }).find((r): r is Patient => r.resourceType === "Patient" && !!r.name?.[0]?.family);
    const family = someone?.name?.[0]?.family ?? "";
    await page.goto(`${sandbox.url}/patients`);
    await page.fill("#f-q", family);
    await Promise.all([page.waitForURL(/\/patients\/search/), page.click("main form button")]);
    expect(new URL(page.url()).search).toBe("");
    await screenshotPage(page, "patient-search");
    await page.locator("main section a").first().click();
    await expect.poll(() => page.locator("main h1").textContent()).toContain(family);
    expect(await page.locator("main").textContent()).toContain("Texting consent");
    await screenshotPage(page, "patient");
  });

  it("gives a front-desk account 403 on admin pages, and refuses a POST without the CSRF token", async () => {
    const { page, context } = browser;
    const { services } = sandbox.job.runtime;
    const desk = await addStaffMember(services, { email: "desk@sandbox.minnow.test", role: "front-desk" }, sandbox.url, "test");
    await context.clearCookies();
    await choosePassword(page, desk.link);
    for (const path of ["/admin/staff", "/admin/api-keys"]) {
      const res = await page.goto(`${sandbox.url}${path}`);
      expect(res?.status()).toBe(403);
      expect(await page.locator("main h1").textContent()).toBe("You do not have access to this page");
    }
    await screenshotPage(page, "forbidden");
    // The browser reports each refused page load; nothing else went wrong.
    expect(browser.errors.splice(0)).toEqual(Array(2).fill("Failed to load resource: the server responded with a status of 403 (Forbidden)"));

    const item = await services.store.db.selectFrom("inbound_messages").select("id").where("needs_staff", "=", 1).executeTakeFirstOrThrow();
    const refused = await page.request.post(`${sandbox.url}/inbox/${item.id}/resolve`, { form: {}, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(await services.store.db.selectFrom("inbox_states").select("resolved_at").where("inbound_id", "=", item.id).where("resolved_at", "is not", null).execute()).toEqual([]);
    await page.goto(`${sandbox.url}/inbox/${item.id}`);
    const token = (await page.locator("meta[name=csrf-token]").getAttribute("content")) ?? "";
    const accepted = await page.request.post(`${sandbox.url}/inbox/${item.id}/resolve`, { form: { _csrf: token }, maxRedirects: 0 });
    expect(accepted.status()).toBe(303);
  });

  it("lets an administrator manage staff and API keys, and signs out to the sign-in page", async () => {
    const { page, context } = browser;
    const admin = await addStaffMember(sandbox.job.runtime.services, { email: "admin@sandbox.minnow.test", role: "admin" }, sandbox.url, "test");
    await context.clearCookies();
    await choosePassword(page, admin.link);
    await page.goto(`${sandbox.url}/admin/staff`);
    expect(await page.locator("main").textContent()).toContain("desk@sandbox.minnow.test");
    await screenshotPage(page, "admin-staff");
    await page.goto(`${sandbox.url}/admin/api-keys`);
    await page.fill("#f-label", "Zapier");
    await page.click("form[action='/admin/api-keys'] button");
    await expect.poll(() => page.locator("code.secret").textContent()).toMatch(/^mk_/);
    await screenshotPage(page, "admin-api-keys");

    // The EHR page: first without the subscription token (what to set), then with it, creating one on the sandbox EHR.
    const { env } = sandbox.job.runtime.services;
    await page.goto(`${sandbox.url}/admin/ehr`);
    expect(await page.locator("main").textContent()).toContain("FHIR_SUBSCRIPTION_TOKEN is not set");
    await screenshotPage(page, "admin-ehr-setup");
    Object.assign(env, { PUBLIC_URL: env.PUBLIC_URL ?? "https://minnow.example.test", FHIR_SUBSCRIPTION_TOKEN: "browser-test-subscription-token-0123" });
    await page.goto(`${sandbox.url}/admin/ehr`);
    await page.click("form[action='/admin/ehr/subscriptions'] button");
    // The sandbox EHR sends no handshake, so minnow waits its 10 s and says the EHR has not confirmed yet.
    await expect.poll(() => page.locator("main").textContent(), { timeout: 30_000 }).toContain("has not confirmed its test message yet");
    expect(await page.locator("main table").textContent()).toContain("Waiting for the EHR");
    await screenshotPage(page, "admin-ehr");
    Object.assign(env, { FHIR_SUBSCRIPTION_TOKEN: undefined });

    await Promise.all([page.waitForURL(/\/sign-in\?reason=signed-out/), page.click("#sign-out-form button")]);
    await screenshotPage(page, "sign-in");
  });

  it("signs an idle screen out by itself, and the server refuses an idle session even without the script", async () => {
    const { services } = idleSandbox.job.runtime;
    const withScript = await launchConsoleBrowser();
    try {
      await choosePassword(withScript.page, idleSandbox.signInLink);
      await withScript.page.waitForURL(/\/sign-in\?reason=idle/, { timeout: 20_000 });
      expect(await withScript.page.locator("main .notice").textContent()).toContain("not used for a while");
      expect(withScript.errors).toEqual([]);
    } finally {
      await withScript.close();
    }
    const manager = await findStaffByEmail(services.store, SANDBOX_MANAGER_EMAIL);
    if (!manager) throw new Error("no sandbox manager");
    const noScript = await launchConsoleBrowser({ javaScript: false });
    try {
      await choosePassword(noScript.page, await newSignInLink(services, manager, idleSandbox.url, "test"));
      await new Promise((r) => setTimeout(r, 4_000));
      await noScript.page.goto(`${idleSandbox.url}/today`);
      expect(new URL(noScript.page.url()).pathname).toBe("/sign-in");
      expect(await noScript.page.locator("main .notice").textContent()).toContain("not used for a while");
    } finally {
      await noScript.close();
    }
  });

  it("keeps patient names, phone numbers and message text out of the server log", async () => {
    const patients = buildPractice({ now: SANDBOX_MORNING }).filter((r): r is Patient => r.resourceType === "Patient");
    const canaries = new Set<string>([QUESTION, ANSWER, "daughter"]);
    for (const p of patients) {
      const name = p.name?.[0];
      if (name?.family) canaries.add(name.family);
      if (name?.family && name.given?.[0]) canaries.add(`${name.given[0]} ${name.family}`);
      for (const t of p.telecom ?? []) if (t.system !== "email" && t.value) canaries.add(t.value).add(t.value.replace(/^\+1/, ""));
    }
    const lines = serverLogs.map((r) => JSON.stringify(r));
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.some((l) => l.includes("console."))).toBe(true);
    expect([...canaries].filter((c) => lines.some((l) => l.includes(c)))).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
