// Clients through the real UI: the admin sees who is connected (their own window marked) and ends another
// client's session, filters the login history, and checks reachability as a two-column table; a moderator
// looks without ending anything; a plain user has no admin console at all.
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, initThroughApi, openAdminSection, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const password = (name: string) => `${name}-long-password-1`;

// At the usual window and at the small one the desktop app can be resized to (900×600).
describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('clients%s', { timeout: 180_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let molly: Person;
  let pete: Person;
  let page: Page;
  let carlCli: VaultSession;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    for (const [username, role] of [
      ['carl', 'user'],
      ['molly', 'moderator'],
      ['pete', 'user'],
    ] as const) {
      const { enrollmentCode } = await admin.client.request('createUser', {
        username,
        displayName: username === 'carl' ? 'Carl Cli' : username,
        role,
      });
      await VaultSession.enroll(
        serve.client(),
        username,
        enrollmentCode,
        password(username),
        TEST_KDF_PARAMS,
      );
    }
    // carl works from a script: one wrong password, then a CLI session that makes a few requests.
    await VaultSession.login(serve.client(), 'carl', 'not carl password', 'cli').catch(() => {});
    carlCli = await VaultSession.login(serve.client(), 'carl', password('carl'), 'cli');
    await carlCli.client.request('listSecrets', {});
    await carlCli.client.request('whoami', {});
    await admin.logout();
    [ada, molly, pete] = await Promise.all([
      newPerson(browser, serve.url, viewport),
      newPerson(browser, serve.url, viewport),
      newPerson(browser, serve.url, viewport),
    ]);
    page = ada.page;
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  async function openClients(p: Page) {
    await openAdminSection(p, 'Clients');
  }

  const rowOf = (p: Page, text: string | RegExp) =>
    p.getByRole('table').getByRole('row').filter({ hasText: text });

  it('the admin sees every connected client, their own window marked as this session', async () => {
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await openClients(page);
    const own = rowOf(page, 'This session');
    await own.waitFor();
    expect(await own.textContent()).toContain('Web');
    expect(await own.textContent()).toContain('127.0.0.1');
    // The window cannot end itself from here (signing out does that), but may end other clients.
    expect(await own.getByRole('button', { name: /^End session:/ }).count()).toBe(0);
    const carl = rowOf(page, 'Carl Cli');
    await carl.waitFor();
    const cells = await carl.getByRole('cell').allTextContents();
    expect(cells[1]).toBe('CLI');
    expect(cells[2]).toBe('127.0.0.1');
    // Requests: the listSecrets and whoami it made.
    expect(Number(cells[6])).toBe(2);
    // The node that served it: this one server, named after its host (no --node-name given).
    const nodeColumn = (await page.getByRole('table').getByRole('columnheader').allTextContents()).indexOf(
      'Server node',
    );
    expect(nodeColumn).toBeGreaterThan(0);
    expect(cells[nodeColumn]).toBe(os.hostname());
    await page.getByText('2 sessions open.').waitFor();
    expect(ada.pageErrors).toEqual([]);
    await checkScreen(page, 'clients-connected');
  });

  it('the admin ends carl’s CLI session: his next request is refused and the row goes', async () => {
    const carl = rowOf(page, 'Carl Cli');
    await carl.getByRole('button', { name: /^End session: CLI, carl from 127\.0\.0\.1:\d+$/ }).click();
    await page.getByRole('status').filter({ hasText: 'The CLI session of carl has ended.' }).waitFor();
    await expect.poll(() => carl.count()).toBe(0);
    const refused = await carlCli.client.call('listSecrets', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('the login history filters by result and by user', async () => {
    await page.getByRole('tab', { name: 'Login history' }).click();
    const rows = page.getByRole('table').getByRole('row');
    // Header + ada's sign-in in the window + carl's two attempts + molly, pete: none yet.
    await rowOf(page, 'Wrong name or password').waitFor();
    await page.getByLabel('Result').selectOption({ label: 'Wrong name or password' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('carl');
    await page.getByLabel('Result').selectOption({ label: 'Any result' });
    await page.getByLabel('User').selectOption({ label: 'Ada Admin (ada)' });
    await expect
      .poll(async () => (await rows.allTextContents()).slice(1).every((r) => r.includes('ada')))
      .toBe(true);
    await page.getByLabel('User').selectOption({ label: 'Carl Cli (carl)' });
    await expect.poll(() => rows.count()).toBe(3);
    await checkScreen(page, 'clients-history');
    // A day after today: nothing matches.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From').fill(tomorrow);
    await page.getByText('No sign-in attempts match.').waitFor();
  });

  it('the reachability check shows reachable and unreachable hosts in two columns', async () => {
    await page.getByRole('tab', { name: 'Reachability' }).click();
    const port = new URL(serve.url).port;
    await page.getByLabel('Hosts, addresses or ranges').fill('bad_host!');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not a target: "bad_host!"' }).waitFor();

    await page.getByLabel('Hosts, addresses or ranges').fill('127.0.0.1\nno-such-host.invalid');
    await page.getByLabel('Port').fill(port);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText(`Checked 2 addresses on port ${port}.`).waitFor();
    const table = page.getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Reachable (1)',
      'Unreachable (1)',
    ]);
    const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells[0]).toMatch(/^127\.0\.0\.1 port open · \d+ ms$/);
    expect(cells[1]).toBe('no-such-host.invalid no such host');
    await checkScreen(page, 'clients-reachability');
    // A new run that cannot start takes the last run's results away: no old rows under a new error.
    await page.getByLabel('Hosts, addresses or ranges').fill('bad_host!');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not a target: "bad_host!"' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(ada.pageErrors).toEqual([]);
  });

  it('a moderator sees the clients but has no way to end a session', async () => {
    await openAndSignIn(molly.page, 'molly', password('molly'));
    await openClients(molly.page);
    await molly.page.getByText('Moderators can look; only administrators end sessions.').waitFor();
    await rowOf(molly.page, 'Ada Admin').waitFor();
    await rowOf(molly.page, 'This session').waitFor();
    expect(await molly.page.getByRole('button', { name: /^End/ }).count()).toBe(0);
    await molly.page.getByRole('tab', { name: 'Login history' }).click();
    await rowOf(molly.page, 'Carl Cli').first().waitFor();
    await checkScreen(molly.page, 'clients-moderator');
  });

  it('a plain user has no admin console, so no clients section', async () => {
    await openAndSignIn(pete.page, 'pete', password('pete'));
    const nav = pete.page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('button').allTextContents()).not.toContain('Admin');
    expect(await pete.page.getByRole('navigation', { name: 'Admin sections' }).count()).toBe(0);
  });
});
