import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRecipe } from "../../../src/store/automation-recipes.js";
import { expectHealthyPage, launchConsoleBrowser, screenshotPage, type ConsoleBrowser } from "./browser.js";
import { captureServerLogs, releaseServerLogs, startConsoleSandbox, type ConsoleSandbox } from "./sandbox-server.js";

/**
 * The automations page in Chromium against the real job on the sandbox: a manager builds an
 * automation in the form, the live checks name the step whose text leaks the visit's reason, the
 * fixed automation saves, turns on, and its dry run shows what it would do on the real schedule.
 */
const PASSWORD = "a manager's automation passphrase";
const LEAKY = "{{practice.name}}: We missed your {{appointment.reason}} visit today. Reply R to pick a new time. Reply STOP to opt out.";
const FIXED = "{{practice.name}}: We missed you today. Reply R to pick a new time. Reply STOP to opt out.";

let sandbox: ConsoleSandbox;
let browser: ConsoleBrowser;

async function signIn(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.fill("#f-password", PASSWORD);
  await page.fill("#f-confirm", PASSWORD);
  await Promise.all([page.waitForURL(/\/today/), page.click("main button[type=submit]")]);
}

/** Presses a button that posts the editor (add, move, remove) and waits for the page it returns. */
async function press(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForLoadState("load"), page.waitForResponse((res) => res.request().method() === "POST"), page.click(selector)]);
  await expectHealthyPage(page);
}

beforeAll(async () => {
  captureServerLogs();
  sandbox = await startConsoleSandbox();
  browser = await launchConsoleBrowser();
  await signIn(browser.page, sandbox.signInLink);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  releaseServerLogs();
}, 60_000);

describe("automations in Chromium", { timeout: 180_000 }, () => {
  it("builds a no-show follow-up in the form, fixes what the live checks name, saves, turns it on and reads its dry run", async () => {
    const { page } = browser;
    await page.goto(`${sandbox.url}/automations`);
    await expectHealthyPage(page);
    expect(await page.locator('header nav a[href="/automations"]').count()).toBe(1);
    await screenshotPage(page, "automations");

    await page.click("main a[href='/automations/new']");
    await page.waitForURL(/\/automations\/new/);
    await page.fill('[name="name"]', "Missed visit follow-up");
    await page.selectOption('[name="trigger.on"]', "appointment.no_show");
    expect(await page.locator(".when-schedule").isVisible()).toBe(false);
    await page.selectOption('[name="steps.0.purpose"]', "appointment-reminder");
    await page.fill('[name="steps.0.body.en"]', LEAKY);
    const mustFix = page.locator("#recipe-checks li.error");
    await expect.poll(() => mustFix.allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining("send-1")]));
    expect(await page.locator("#recipe-checks [data-checks]").getAttribute("data-checks")).toBe("errors");
    await screenshotPage(page, "automation-editor-finding");

    await page.fill('[name="steps.0.body.en"]', FIXED);
    await expect.poll(() => page.locator("#recipe-checks [data-checks]").getAttribute("data-checks"), { timeout: 10_000 }).toBe("ok");

    await page.selectOption('[name="newkind.steps"]', "wait_for_reply");
    await press(page, 'button[value="add:steps"]');
    expect(await page.inputValue('[name="steps.0.body.en"]')).toBe(FIXED);
    await page.selectOption('[name="newkind.steps.1.branches.0.steps"]', "inbox");
    await press(page, 'button[value="add:steps.1.branches.0.steps"]');
    await page.fill('[name="steps.1.branches.0.steps.0.note"]', "Call the patient to pick a new time");
    await expect.poll(() => page.locator("#recipe-checks [data-checks]").getAttribute("data-checks"), { timeout: 10_000 }).toBe("ok");
    await screenshotPage(page, "automation-editor");

    await Promise.all([page.waitForURL(/\/automations\/missed-visit-follow-up\?saved=1/), page.click('main button[value="save"]:not(.visually-hidden)')]);
    expect(await page.locator("main .notice").textContent()).toContain("Saved as version 1.");
    await Promise.all([page.waitForURL(/turned=on/), page.click("main form[action$='/on'] button")]);
    expect(await page.locator("main .notice").textContent()).toContain("Turned on");
    expect((await getRecipe(sandbox.job.runtime.services.store, "missed-visit-follow-up"))?.active).toBe(true);
    await screenshotPage(page, "automation-detail");

    await page.click("main a[href$='/dry-run']");
    await page.waitForURL(/dry-run/);
    await expectHealthyPage(page);
    expect(await page.locator("main h1").textContent()).toContain("Dry run: Missed visit follow-up");
    expect(await page.locator("main table tr[data-outcome]").count()).toBeGreaterThan(0);
    await screenshotPage(page, "automation-dry-run");
    expect(browser.errors).toEqual([]);
  });
});
