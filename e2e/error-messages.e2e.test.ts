// Errors in words, next to the field they are about (issue 15, item 4): inputs stop at the contract's
// length limits; a refused user name or folder is explained; a wrong unseal passphrase and a wrong
// enrollment code are called that, not "wrong user name or password".
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { en } from '../renderer/i18n/en.ts';
import { checkScreen, newPerson, type Person } from './support/browser.ts';
import { type Stage, signIn, startStage } from './support/flows.ts';
import type { ServeProcess } from './support/serve-process.ts';

const PASSPHRASE = 'an unseal passphrase for errors';
const PASSWORD = 'violet tractor ocean 71';

/** The sentence shown under the field with this label (its own alert, not the form's). */
function fieldError(page: Page, label: string) {
  return page
    .locator('.field')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .getByRole('alert');
}

describe('error messages', { timeout: 180_000 }, () => {
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

  it('first run: the user name stops at its limit, and a refused one is explained next to it', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
    const username = page.getByLabel('User name', { exact: true });
    await username.fill('x'.repeat(80));
    expect((await username.inputValue()).length).toBe(64);
    await page.getByLabel('Unseal passphrase', { exact: true }).fill(PASSPHRASE);
    await username.fill('not allowed here');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up' }).click();
    await fieldError(page, 'User name').waitFor({ timeout: 30_000 });
    expect(await fieldError(page, 'User name').textContent()).toBe(en.formatHint.username);
    expect(await page.locator('main').textContent()).not.toMatch(/admin\.username|Invalid|regex/);
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, 'first-run-refused-name');

    await username.fill('founder');
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
  });

  it('a wrong unseal passphrase is called that, not a wrong sign-in', async () => {
    await serve.restart();
    await page.goto('/');
    await page.getByRole('heading', { name: 'The server is sealed' }).waitFor();
    await page.getByLabel('Unseal passphrase', { exact: true }).fill('not the unseal passphrase');
    await page.getByRole('button', { name: 'Unseal' }).click();
    await fieldError(page, 'Unseal passphrase').waitFor({ timeout: 30_000 });
    expect(await fieldError(page, 'Unseal passphrase').textContent()).toBe(en.wrongSecret.passphrase);
    expect(await page.locator('main').textContent()).not.toContain('Wrong user name or password');
    await checkScreen(page, 'unseal-wrong-passphrase');
    await page.getByLabel('Unseal passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unseal' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
  });

  it('a wrong enrollment code is called that, next to the code', async () => {
    const admin = await VaultSession.login(serve.client(), 'founder', PASSWORD, 'cli');
    await admin.client.request('createUser', { username: 'erin', displayName: 'Erin', role: 'user' });
    await admin.logout();
    await page.getByRole('tab', { name: 'Enroll' }).click();
    await page.getByLabel('User name', { exact: true }).fill('erin');
    await page.getByLabel('Enrollment code').fill('x'.repeat(24));
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Enroll', exact: true }).click();
    await fieldError(page, 'Enrollment code').waitFor({ timeout: 30_000 });
    expect(await fieldError(page, 'Enrollment code').textContent()).toBe(en.wrongSecret.code);
    expect(await page.locator('main').textContent()).not.toContain('Wrong user name or password');
    await checkScreen(page, 'enroll-wrong-code');
  });

  it('a secret name stops at 200 characters and a bad folder is explained in words', async () => {
    await page.getByRole('tab', { name: 'Sign in' }).click();
    await signIn(page, 'founder', PASSWORD);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor({ timeout: 30_000 });
    await page.getByRole('complementary').getByRole('button', { name: 'New secret' }).click();
    const form = page.getByRole('form', { name: 'New secret' });
    const name = form.getByLabel('Name', { exact: true });
    await name.fill('n'.repeat(250));
    expect((await name.inputValue()).length).toBe(200);
    await form.getByLabel('Folder').fill('no-leading-slash');
    await form.getByRole('button', { name: 'Save' }).click();
    await fieldError(page, 'Folder').waitFor();
    expect(await fieldError(page, 'Folder').textContent()).toBe(en.formatHint.path);
    expect(await form.textContent()).not.toMatch(/Invalid|Too big|expected string|regex/);
    await checkScreen(page, 'secret-editor-refused-folder');
    expect(person.pageErrors).toEqual([]);
  });
});
