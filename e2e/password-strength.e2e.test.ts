// Password strength (issue 15): a meter where a password is chosen (first run, enrollment, password
// change), and the default policy refuses a long but guessable password such as "bobbobbobbob".
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { en } from '../renderer/i18n/en.ts';
import { checkScreen, newPerson, type Person } from './support/browser.ts';
import { type Stage, signIn, startStage } from './support/flows.ts';
import type { ServeProcess } from './support/serve-process.ts';

const WEAK = 'bobbobbobbob';
const STRONG = 'violet tractor ocean 71';
const NEXT = 'quiet harbor lantern 58';

function meter(page: Page) {
  return page.getByRole('meter', { name: 'Password strength' });
}

describe('password strength', { timeout: 180_000 }, () => {
  let stage: Stage;
  let serve: ServeProcess;
  let person: Person;
  let page: Page;

  beforeAll(async () => {
    stage = await startStage();
    serve = stage.serve;
    person = await newPerson(stage.browser, serve.url);
    page = person.page;
  });
  afterAll(() => stage?.stop());

  it('first run: the meter calls bobbobbobbob weak and it is refused; a strong passphrase sets up', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
    await page.getByLabel('Unseal passphrase', { exact: true }).fill('an unseal passphrase for strength');
    await page.getByLabel('User name', { exact: true }).fill('founder');
    await page.getByLabel('Password', { exact: true }).fill(WEAK);
    await page.getByLabel('Repeat the password').fill(WEAK);
    await expect.poll(() => meter(page).getAttribute('aria-valuetext')).toBe(en.strength.score1);
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByText(en.strength.tooWeak).waitFor();
    expect((await serve.client().request('status', {})).initialized).toBe(false);
    await checkScreen(page, 'first-run-weak-password');

    await page.getByLabel('Password', { exact: true }).fill(STRONG);
    await page.getByLabel('Repeat the password').fill(STRONG);
    await expect.poll(() => meter(page).getAttribute('aria-valuetext')).toBe(en.strength.score4);
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
  });

  it('enrollment: the meter shows and a weak password is refused before anything is sent', async () => {
    const admin = await VaultSession.login(serve.client(), 'founder', STRONG, 'cli');
    const { enrollmentCode } = await admin.client.request('createUser', {
      username: 'erin',
      displayName: 'Erin',
      role: 'user',
    });
    await page.getByRole('tab', { name: 'Enroll' }).click();
    await page.getByLabel('User name', { exact: true }).fill('erin');
    await page.getByLabel('Enrollment code').fill(enrollmentCode);
    await page.getByLabel('New password').fill(WEAK);
    await page.getByLabel('Repeat the password').fill(WEAK);
    await meter(page).waitFor();
    await page.getByRole('button', { name: 'Enroll', exact: true }).click();
    await page.getByText(en.strength.tooWeak).waitFor();
    const pending = await admin.client.request('listUsers', {});
    expect(pending.users.find((u) => u.username === 'erin')?.enrolled).toBe(false);
    await checkScreen(page, 'enroll-weak-password');

    await page.getByLabel('New password').fill(STRONG);
    await page.getByLabel('Repeat the password').fill(STRONG);
    await page.getByRole('button', { name: 'Enroll', exact: true }).click();
    await page.getByText(en.enroll.done).waitFor({ timeout: 30_000 });
    await admin.logout();
  });

  it('password change: the meter shows, a weak new password is refused, a strong one is taken', async () => {
    await signIn(page, 'erin', STRONG);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor({ timeout: 30_000 });
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Settings' })
      .click();
    await page.getByLabel('Current password').fill(STRONG);
    await page.getByLabel('New password').fill(WEAK);
    await page.getByLabel('Repeat the password').fill(WEAK);
    await meter(page).waitFor();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(en.strength.tooWeak).waitFor();
    await checkScreen(page, 'settings-weak-password');

    await page.getByLabel('New password').fill(NEXT);
    await page.getByLabel('Repeat the password').fill(NEXT);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(en.settings.passwordChanged).waitFor({ timeout: 30_000 });
    await VaultSession.login(serve.client(), 'erin', NEXT, 'cli').then((s) => s.logout());
    expect(person.pageErrors).toEqual([]);
  });
});
