// Debian's Chromium (never a downloaded browser), launched with the flags this workplace needs.
// Shared by the browser tests, the e2e specs and the UI benchmark.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.KEYHOLD_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
