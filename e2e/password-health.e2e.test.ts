// Password health in the window: a vault with a weak password, a reused pair, an old item and an item
// marked for two-step sign-in without a code; the Health section shows each under its problem, a click
// opens the item in the vault, and the mark set from the item view counts at once. Both window sizes.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planImport, runImport } from '../client/import/importer.ts';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const SHARED = 'Shared-Horse-Battery-Staple-61!';
const login = (value: string, url: string) => ({
  value,
  fields: [{ name: 'url', value: url, hidden: false }],
});

describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('password health%s', { timeout: 180_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let page: Page;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await admin.createSecret({
      name: 'router',
      path: '/home',
      type: 'login',
      payload: login('qwerty123', 'http://192.168.1.1'),
    });
    await admin.createSecret({
      name: 'mail',
      path: '/web',
      type: 'login',
      payload: login(SHARED, 'https://mail.example.org'),
    });
    await admin.createSecret({
      name: 'bank',
      path: '/web',
      type: 'login',
      payload: login(SHARED, 'https://bank.example'),
    });
    await admin.createSecret({
      name: 'github',
      path: '/web',
      type: 'login',
      payload: { ...login('Gh-Unique-Long-Pass-7731?', 'https://github.com'), twoStep: true },
    });
    // Changed two years ago, as an import from another tool keeps the date.
    const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString();
    const plan = await planImport(
      admin,
      [
        {
          path: '/legacy',
          name: 'old server',
          type: 'login',
          tags: [],
          payload: { value: 'Old-Unique-Long-Pass-4410?', notes: '', fields: [] },
          source: 'line 1',
          createdAt: twoYearsAgo,
          updatedAt: twoYearsAgo,
        },
      ],
      'skip',
    );
    await runImport(admin, plan);
    await admin.logout();
    person = await newPerson(browser, serve.url, viewport);
    page = person.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByText('5 secrets').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  const tile = (name: string) => page.getByRole('button', { name: new RegExp(`^\\d+ ${name}$`) });
  const openHealth = async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Health' }).click();
    await page.getByRole('heading', { name: 'Password health', level: 1 }).waitFor();
    await page.getByText('5 items checked').waitFor();
  };

  it('counts each problem and lists the items under it, reused ones grouped', async () => {
    await openHealth();
    expect(await tile('Weak').textContent()).toBe('1Weak');
    expect(await tile('Reused').textContent()).toBe('2Reused');
    expect(await tile('Old').textContent()).toBe('1Old');
    expect(await tile('No one-time code').textContent()).toBe('1No one-time code');
    // The first problem found is shown: the weak router.
    await page.getByRole('button', { name: /^router\b/ }).waitFor();
    await checkScreen(page, 'health-weak');

    await tile('Reused').click();
    const group = page.getByRole('region', { name: 'Same password on 2 items' });
    await group.getByRole('button', { name: /^mail\b/ }).waitFor();
    await group.getByRole('button', { name: /^bank\b/ }).waitFor();
    await checkScreen(page, 'health-reused');

    await tile('Old').click();
    await page.getByRole('button', { name: /^old\sserver\b/ }).waitFor();
    await page.getByText(/changed 73\d days ago/).waitFor();

    await tile('No one-time code').click();
    await page.getByRole('button', { name: /^github\b/ }).waitFor();
    await checkScreen(page, 'health-no-one-time-code');
    // No password is on the screen, only names, folders and sites.
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toContain(SHARED);
    expect(text).not.toContain('qwerty123');
    expect(person.pageErrors).toEqual([]);
  });

  it('opens a listed item in the vault, selected in its folder', async () => {
    await page.getByRole('button', { name: /^github\b/ }).click();
    await page.getByRole('heading', { name: 'github', level: 2 }).waitFor();
    await expect
      .poll(() => page.getByRole('option', { name: /github/ }).getAttribute('aria-selected'))
      .toBe('true');
    await checkScreen(page, 'health-opened-in-vault');
  });

  it('counts an item marked from its view at once, and takes the "old" threshold chosen', async () => {
    await page.getByRole('option', { name: /bank/ }).click();
    await page.getByRole('heading', { name: 'bank', level: 2 }).waitFor();
    const mark = page.getByRole('checkbox', { name: 'Site offers two-step sign-in' });
    // A click saves a new version; the box shows the mark once the item comes back with it.
    await mark.click();
    await expect.poll(() => mark.isChecked()).toBe(true);
    await expect.poll(() => mark.isDisabled()).toBe(false);
    await checkScreen(page, 'health-mark-in-item-view');

    await openHealth();
    await expect.poll(() => tile('No one-time code').textContent()).toBe('2No one-time code');
    const days = page.getByRole('spinbutton', { name: 'Old after (days)' });
    await days.fill('1000');
    await expect.poll(() => tile('Old').textContent()).toBe('0Old');
    // Remembered in this window's preferences.
    const saved = await page.evaluate(() => localStorage.getItem('keyhold.preferences'));
    expect(JSON.parse(saved ?? '{}')).toMatchObject({ healthOldAfterDays: 1000 });
  });
});
