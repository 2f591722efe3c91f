import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { REPO_ROOT } from "../../cli/run-cli.js";

/**
 * Debian's Chromium driven by playwright-core (no browser download): a fresh profile per
 * browser, headless, with nothing that phones home. Screenshots of each page at a desktop and a
 * phone width go to test-artifacts/console/ (not committed), and every page is checked for its
 * main landmark and the absence of an error banner.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const WIDTHS = [1280, 390] as const;
export const SCREENSHOT_DIR = join(REPO_ROOT, "test-artifacts", "console");

export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** Browser-side errors (a failed script, a CSP refusal): a healthy page has none. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchConsoleBrowser(opts: { javaScript?: boolean } = {}): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "minnow-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: WIDTHS[0], height: 900 },
    javaScriptEnabled: opts.javaScript ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page that rendered: its main content and heading, and no error (a refused form's summary only where `formErrors`). */
export async function expectHealthyPage(page: Page, opts: { formErrors?: boolean } = {}): Promise<void> {
  await expect.poll(() => page.locator("main").count()).toBe(1);
  expect(await page.locator("main").isVisible()).toBe(true);
  expect(await page.locator("main h1").count()).toBeGreaterThan(0);
  expect(await page.locator(opts.formErrors ? ".error-banner:not(.error-summary)" : ".error-banner").count()).toBe(0);
}

/** Saves the page at each width (full length) and checks it each time; returns the files written. */
export async function screenshotPage(page: Page, name: string, opts: { formErrors?: boolean } = {}): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectHealthyPage(page, opts);
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    expect(overflow, `${name} at ${width}px is wider than the screen`).toBeLessThanOrEqual(0);
    const file = join(SCREENSHOT_DIR, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  return files;
}
