// Server settings through the real UI: an admin changes a value and the server holds it; a value out of
// range is refused on the page and nothing changes; sign-in hours per role; a moderator has no such section.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import {
  ADMIN,
  adminSectionNames,
  enrollThroughApi,
  initThroughApi,
  openAdminSection,
  openAndSignIn,
} from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const MOD_PASSWORD = 'moderator-password-1';

// At the usual window and at the small one the desktop app can be resized to (900×600).
describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('server settings%s', { timeout: 180_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let mod: Person;
  let page: Page;
  let admin: VaultSession;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await enrollThroughApi(serve, admin, {
      username: 'mona',
      displayName: 'Mona',
      role: 'moderator',
      password: MOD_PASSWORD,
    });
    [ada, mod] = await Promise.all([
      newPerson(browser, serve.url, viewport),
      newPerson(browser, serve.url, viewport),
    ]);
    page = ada.page;
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('an admin changes the idle timeout and the server applies it', async () => {
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await openAdminSection(page, 'Server settings');
    const sessions = page.getByRole('group', { name: 'Sessions' });
    await sessions.getByLabel('Idle timeout (minutes)').fill('15');
    await sessions.getByRole('button', { name: 'Save' }).click();
    await sessions.getByText('Saved.').waitFor();
    expect((await admin.client.request('getSettings', {})).session.idleMinutes).toBe(15);
    await checkScreen(page, 'server-settings');
  });

  it('a value out of range is refused with its range and nothing changes', async () => {
    const limits = page.getByRole('group', { name: 'Rate limits' });
    await limits.getByLabel('Requests per user, per second').fill('0');
    await limits.getByRole('button', { name: 'Save' }).click();
    await limits
      .getByText('Requests per user, per second must be a whole number from 1 to 1000000.')
      .waitFor();
    expect((await admin.client.request('getSettings', {})).rateLimits.api.perUserPerSecond).toBe(1000);
  });

  it('sets sign-in hours for moderators', async () => {
    const hours = page.getByRole('group', { name: 'Sign-in hours by role' });
    const moderators = hours.getByRole('group', { name: 'Moderator' });
    await moderators.getByLabel('Any time').uncheck();
    await moderators.getByLabel('Sat').check();
    await hours.getByRole('button', { name: 'Save' }).click();
    await hours.getByText('Saved.').waitFor();
    const saved = (await admin.client.request('getSettings', {})).loginHours.moderator;
    expect(saved).toEqual({ days: [1, 2, 3, 4, 5, 6], fromMinute: 480, toMinute: 1080 });
    // Back to any time, so the moderator can sign in below whatever the day.
    await moderators.getByLabel('Any time').check();
    await hours.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await admin.client.request('getSettings', {})).loginHours.moderator)
      .toBeNull();
    expect(ada.pageErrors).toEqual([]);
  });

  it('a stricter password policy is what the password change form then asks for', async () => {
    const policy = page.getByRole('group', { name: 'New passwords', exact: true });
    await policy.getByLabel('Minimum length (characters)').fill('14');
    await policy.getByLabel('At least one digit').check();
    await policy.getByRole('button', { name: 'Save' }).click();
    await policy.getByText('Saved.').waitFor();
    expect((await admin.client.request('getSettings', {})).passwordPolicy).toMatchObject({
      minLength: 14,
      requireDigit: true,
    });
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Settings', exact: true })
      .click();
    const change = page.getByRole('group', { name: 'Change password' });
    await change.getByLabel('Current password').fill(ADMIN.password);
    await change.getByLabel('New password', { exact: true }).fill('twelve chars');
    await change.getByLabel('Repeat the password').fill('twelve chars');
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.getByText('The password needs at least 14 characters.').waitFor();
    await change.getByLabel('New password', { exact: true }).fill('fourteen chars');
    await change.getByLabel('Repeat the password').fill('fourteen chars');
    await change.getByRole('button', { name: 'Change password' }).click();
    await change.getByText('Include at least one digit.').waitFor();
    expect(ada.pageErrors).toEqual([]);
  });

  it('a moderator sees the admin console without server settings', async () => {
    await openAndSignIn(mod.page, 'mona', MOD_PASSWORD);
    const sections = await adminSectionNames(mod.page);
    expect(sections).toContain('Users');
    expect(sections).not.toContain('Server settings');
    expect(sections).not.toContain('Backups');
    expect(mod.pageErrors).toEqual([]);
  });
});
