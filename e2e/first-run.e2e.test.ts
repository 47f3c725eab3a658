// First run through the UI: initialise with a passphrase, sign in, then restart sealed and unseal.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { signIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const PASSPHRASE = 'a long unseal passphrase';
const ADMIN_PASSWORD = 'first admin password';

describe('first run and unseal', { timeout: 120_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    person = await newPerson(browser, serve.url);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('sets up a new server and its first administrator, refusing a mismatched password first', async () => {
    const { page } = person;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
    await checkScreen(page, 'first-run');
    await page.getByLabel('Unseal passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('User name').fill('founder');
    await page.getByLabel('Display name').fill('The Founder');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat the password').fill('something else');
    await page.getByRole('button', { name: 'Set up' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not the same');
    expect((await serve.client().request('status', {})).initialized).toBe(false);

    await page.getByLabel('Repeat the password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    expect((await serve.client().request('status', {})).initialized).toBe(true);

    await signIn(page, 'founder', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor({ timeout: 30_000 });
    await page.getByText('The Founder').waitFor();
    expect(await page.getByRole('button', { name: 'Admin', exact: true }).isVisible()).toBe(true);
    await checkScreen(page, 'first-run-vault');
  });

  it('after a restart shows the unseal screen; a wrong passphrase is refused, the right one unseals', async () => {
    const { page } = person;
    await serve.restart();
    await page.goto('/');
    await page.getByRole('heading', { name: 'The server is sealed' }).waitFor();
    await page.getByLabel('Unseal passphrase', { exact: true }).fill('not the passphrase');
    await page.getByRole('button', { name: 'Unseal' }).click();
    await page.getByRole('alert').waitFor({ timeout: 30_000 });
    expect((await serve.client().request('status', {})).sealed).toBe(true);
    await checkScreen(page, 'unseal');

    await page.getByLabel('Unseal passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unseal' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    expect((await serve.client().request('status', {})).sealed).toBe(false);
    expect(person.pageErrors).toEqual([]);
    // Every file the pages asked for was there (the tab's icon included).
    expect(person.missingFiles).toEqual([]);
  });

  it('never lets the passphrase or the password reach the server log', () => {
    expect(serve.output()).not.toContain(PASSPHRASE);
    expect(serve.output()).not.toContain(ADMIN_PASSWORD);
  });
});

describe('first run with key shares', { timeout: 120_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('shows the shares once, keeps them through the status poll until the person confirms, and unseals with 2 of 3', async () => {
    const { page, pageErrors } = await newPerson(browser, serve.url);
    await page.goto('/');
    await page.getByLabel('Key shares held by several people').check();
    await page.getByLabel('Number of shares').fill('3');
    await page.getByLabel('Shares needed to unseal').fill('2');
    await page.getByLabel('User name').fill('founder');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat the password').fill(ADMIN_PASSWORD);
    await checkScreen(page, 'first-run-key-shares-form');
    // The share counts sit inside the set-up card (a list row's absolute position once put them outside).
    const card = await page.getByRole('form', { name: 'Set up Keyhold' }).boundingBox();
    for (const label of ['Number of shares', 'Shares needed to unseal']) {
      const box = await page.getByLabel(label).boundingBox();
      expect(card && box && box.y > card.y && box.y + box.height < card.y + card.height, label).toBe(true);
    }
    // The window polls the server's status every 5 s while it is not set up; the first answer after set-up
    // says it is initialised. That answer used to switch the window to Sign in, the shares gone for good.
    const initialisedSeen = page.waitForResponse(
      async (r) => r.url().endsWith('/v1/op/status') && (await r.json()).value?.initialized === true,
      { timeout: 45_000 },
    );
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByRole('heading', { name: 'Save the key shares now' }).waitFor({ timeout: 30_000 });
    await initialisedSeen;
    // Two frames after the poll's answer, the screen is whatever the answer made it.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))),
    );
    expect(await page.getByRole('heading', { name: 'Save the key shares now' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    const shares = await page
      .getByRole('list', { name: 'Key shares' })
      .getByRole('listitem')
      .allTextContents();
    expect(shares).toHaveLength(3);
    const proceed = page.getByRole('button', { name: 'Continue' });
    expect(await proceed.isDisabled()).toBe(true);
    await checkScreen(page, 'first-run-shares');
    await page.getByLabel('I have saved every share somewhere safe').check();
    await proceed.click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await serve.restart();
    await page.goto('/');
    await page.getByRole('heading', { name: 'The server is sealed' }).waitFor();
    await page.getByText('0 of 2 shares entered').waitFor();
    await page.getByLabel('Key share').fill(shares[0] as string);
    await page.getByRole('button', { name: 'Unseal' }).click();
    await page.getByText('1 of 2 shares entered').waitFor();
    await page.getByLabel('Key share').fill(shares[2] as string);
    await page.getByRole('button', { name: 'Unseal' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
