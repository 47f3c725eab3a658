// Debian's Chromium driven by Playwright, one isolated context per simulated person.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export { CHROMIUM, launchChromium } from '../../tests/support/chromium.ts';

const ARTIFACTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

/** One simulated person: a browser context of their own. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a broken screen for the user, so specs assert there are none. */
  pageErrors: string[];
}

/** A fresh profile: its own storage and clipboard permission, the server's self-made certificate accepted. */
export async function newPerson(browser: Browser, baseURL: string): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Long enough for an Argon2id derivation on a loaded machine; short enough to fail a spec quickly.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/** Saves a screenshot of the spec's main screen under test-results/e2e/ (the CI artifact folder). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
