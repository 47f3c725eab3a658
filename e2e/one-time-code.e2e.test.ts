// One-time codes in the item view: the code an authenticator app shows now, counting down, copied as
// digits; a setup that cannot give codes says what is wrong instead. At the usual and at a small window.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { parseTotp } from '../client/totp.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

// RFC 6238's SHA-1 seed in base32: what an authenticator app would show is computed beside the window.
const SETUP = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const expected = parseTotp(SETUP);

describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('one-time codes%s', { timeout: 120_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let page: Page;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await admin.createSecret({
      name: 'github',
      path: '/web',
      type: 'login',
      payload: {
        value: 'Gh-Pa55word-x',
        fields: [
          { name: 'username', value: 'octo-admin', hidden: false },
          {
            name: 'totp',
            value: `otpauth://totp/GitHub:octo-admin?secret=${SETUP}&issuer=GitHub`,
            hidden: true,
          },
        ],
      },
    });
    await admin.createSecret({
      name: 'old token',
      path: '/web',
      type: 'login',
      payload: {
        value: 'x',
        fields: [{ name: 'totp', value: `otpauth://hotp/x?secret=${SETUP}&counter=1` }],
      },
    });
    await admin.logout();
    person = await newPerson(browser, serve.url, viewport);
    page = person.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByText('2 secrets').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows the current code with its countdown, and copies the digits', async () => {
    await page.getByRole('option', { name: /github/ }).click();
    await page.getByRole('heading', { name: 'github', level: 2 }).waitFor();
    const code = page.locator('output[aria-label^="One-time code "]');
    await code.first().waitFor();
    const label = (await code.first().getAttribute('aria-label')) ?? '';
    const shown = label.replace('One-time code ', '');
    const now = Date.now();
    expect([expected.codeAt(now - 2000).code, expected.codeAt(now).code]).toContain(shown);
    await expect
      .poll(() => page.getByRole('meter').first().getAttribute('aria-label'))
      .toMatch(/^changes in \d+ seconds?$/);
    await checkScreen(page, 'vault-one-time-code');
    await page.getByRole('button', { name: 'Copy one-time code' }).click();
    await page.getByText(/^One-time code copied\./).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^\d{6}$/);
    // The setup itself stays masked: only the code is on screen.
    expect(await page.locator('body').textContent()).not.toContain(SETUP);
    expect(person.pageErrors).toEqual([]);
  });

  it('says what is wrong with a setup that cannot give codes', async () => {
    await page.getByRole('option', { name: /old token/ }).click();
    await page.getByRole('heading', { name: 'old token', level: 2 }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Only time-based codes' }).waitFor();
  });
});
