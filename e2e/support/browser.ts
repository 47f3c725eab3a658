// Debian's Chromium driven by Playwright, one isolated context per simulated person.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEFAULT_VIEWPORT } from './check-screen.ts';

export { CHROMIUM, launchChromium } from '../../tests/support/chromium.ts';
export { checkScreen, SMALL_VIEWPORT } from './check-screen.ts';

/** One simulated person: a browser context of their own. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a broken screen for the user, so specs assert there are none. */
  pageErrors: string[];
  /** Files the page asked for and the server did not have (a 404 for the icon, a stylesheet, a script). */
  missingFiles: string[];
}

/** A fresh profile: its own storage and clipboard permission, the server's self-made certificate accepted. */
export async function newPerson(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DEFAULT_VIEWPORT,
): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    viewport,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Long enough for an Argon2id derivation on a loaded machine; short enough to fail a spec quickly.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const missingFiles: string[] = [];
  page.on('response', (response) => {
    const kind = response.request().resourceType();
    // API answers (fetch) may be 404 on purpose; a file the page loads by itself may not.
    if (response.status() === 404 && kind !== 'fetch' && kind !== 'xhr') missingFiles.push(response.url());
  });
  return { context, page, pageErrors, missingFiles };
}
