// Statistics through the real UI: an admin and a moderator see the charts, their text alternatives and the top
// tables, change the period by keyboard; a plain user has no Admin section and the server refuses them too.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import {
  ADMIN,
  enrollThroughApi,
  initThroughApi,
  openAdminSection,
  openAndSignIn,
  sectionNames,
} from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const MONA_PASSWORD = 'mona-long-password-1';
const CAROL_PASSWORD = 'carol-long-password-1';

describe('statistics', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let mona: Person;
  let carol: Person;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    for (const [username, displayName, role, password] of [
      ['mona', 'Mona Moderator', 'moderator', MONA_PASSWORD],
      ['carol', 'Carol', 'user', CAROL_PASSWORD],
    ] as const) {
      await enrollThroughApi(serve, admin, { username, displayName, role, password });
    }
    // Something to count: a few reads, a wrong password, and a user asking for what is not theirs to see.
    for (let i = 0; i < 3; i++) await admin.client.request('listSecrets', {});
    await VaultSession.login(serve.client(), 'carol', 'not the password', 'cli').catch(() => undefined);
    const carolApi = await VaultSession.login(serve.client(), 'carol', CAROL_PASSWORD, 'cli');
    await carolApi.client.request('getStatistics', { range: 'hour' }).catch(() => undefined);
    [ada, mona, carol] = await Promise.all([
      newPerson(browser, serve.url),
      newPerson(browser, serve.url),
      newPerson(browser, serve.url),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  /** Console errors, where the browser reports a Content-Security-Policy violation (uPlot must not cause one). */
  const consoleErrors: string[] = [];

  async function openStatistics(page: Page, username: string, password: string) {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await openAndSignIn(page, username, password);
    await openAdminSection(page, 'Statistics');
    await page.getByRole('figure', { name: 'Requests by operation' }).locator('canvas').first().waitFor();
  }

  it('an admin sees every chart with its caption, the top tables, and changes the period by keyboard', async () => {
    const page = ada.page;
    await openStatistics(page, ADMIN.username, ADMIN.password);
    for (const title of [
      'Requests by operation',
      'Sign-ins',
      'Refusals by reason',
      'Active sessions',
      'Secrets and shares',
      'Latency',
    ]) {
      const figure = page.getByRole('figure', { name: title });
      await figure.locator('canvas').first().waitFor();
    }
    const signIns = page.getByRole('figure', { name: 'Sign-ins' });
    await signIns.getByText(/Failed: 1\./).waitFor();
    const refusals = page.getByRole('figure', { name: 'Refusals by reason' });
    expect(await refusals.locator('figcaption').textContent()).toMatch(/invalid_credentials|forbidden/);
    const requests = page.getByRole('figure', { name: 'Requests by operation' });
    expect(await requests.locator('figcaption').textContent()).toMatch(/Busiest: \w+ \(\d+\)\./);

    const users = page.getByRole('region', { name: 'Top users' });
    await users.getByRole('row', { name: /Ada Admin/ }).waitFor();
    await users.getByRole('row', { name: /Carol/ }).waitFor();
    const clients = page.getByRole('region', { name: 'Top clients' });
    await clients.getByRole('row', { name: /CLI.*127\.0\.0\.1/ }).waitFor();
    await clients.getByRole('row', { name: /Web.*127\.0\.0\.1/ }).waitFor();
    // One server: one node, named after its host, with the requests it served.
    const nodes = page.getByRole('region', { name: 'Server nodes' });
    expect(await nodes.getByRole('row').count()).toBe(2);
    const node = await nodes.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(node[0]).toBe(os.hostname());
    expect(Number(node[1]?.replace(/\D/g, ''))).toBeGreaterThan(0);
    await checkScreen(page, 'statistics');
    await users.scrollIntoViewIfNeeded();
    await checkScreen(page, 'statistics-tables');

    // The numbers behind a chart, by keyboard: focus its disclosure and press Enter.
    const toggle = requests.getByText('Show the numbers');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const table = requests.getByRole('table');
    await table.getByRole('columnheader', { name: 'listSecrets' }).waitFor();
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);

    // The period, by keyboard: arrow keys move through the radio group.
    const hour = page.getByRole('radio', { name: 'Last hour' });
    await hour.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Last 24 hours' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Last 30 days' }).isChecked()).toBe(true);
    await requests.locator('canvas').first().waitFor();
    await signIns.getByText(/Failed: 1\./).waitFor();
    await checkScreen(page, 'statistics-month');
    expect(ada.pageErrors).toEqual([]);
    expect(consoleErrors.filter((e) => /Content.Security.Policy/i.test(e))).toEqual([]);
  });

  it('an admin makes a Prometheus scrape token, sees it once, and /metrics answers it', async () => {
    const page = ada.page;
    const panel = page.getByRole('region', { name: 'Prometheus scraping' });
    await panel.scrollIntoViewIfNeeded();
    await panel.getByText('No scrape token yet').waitFor();
    await panel.getByRole('button', { name: 'Make a scrape token' }).click();
    const token = await panel.getByLabel('Scrape token').inputValue();
    expect(token).toMatch(/^khm_/);
    await panel.getByText(/A scrape token exists/).waitFor();
    await panel.getByRole('figure', { name: 'Prometheus scrape configuration' }).waitFor();
    await checkScreen(page, 'statistics-scrape-token');
    // Shown once, it stays until the admin says it is saved; then it is gone from the screen.
    await panel.getByRole('button', { name: 'I have saved the token' }).click();
    expect(await panel.getByLabel('Scrape token').count()).toBe(0);
    const agent = new Agent({
      connect: { ca: readFileSync(path.join(serve.dataDir, 'tls', 'ca.pem'), 'utf8') },
    });
    try {
      const response = await undiciFetch(`${serve.url}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
        dispatcher: agent,
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('keyhold_requests_total{');
    } finally {
      await agent.close();
    }
    await panel.getByRole('button', { name: 'Revoke' }).click();
    await panel.getByText('No scrape token yet').waitFor();
    expect(ada.pageErrors).toEqual([]);
  });
  it('a moderator sees the same charts and tables', async () => {
    const page = mona.page;
    // Mona's system is in dark mode: the charts take their colours from the dark theme.
    await page.emulateMedia({ colorScheme: 'dark' });
    await openStatistics(page, 'mona', MONA_PASSWORD);
    await page.getByRole('figure', { name: 'Latency' }).locator('canvas').first().waitFor();
    await page
      .getByRole('region', { name: 'Top users' })
      .getByRole('row', { name: /Mona Moderator/ })
      .waitFor();
    await page.getByRole('region', { name: 'Top clients' }).getByRole('table').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await checkScreen(page, 'statistics-moderator');
    expect(mona.pageErrors).toEqual([]);
  });

  it('a plain user has no Statistics section, and the server refuses them', async () => {
    await openAndSignIn(carol.page, 'carol', CAROL_PASSWORD);
    const sections = await sectionNames(carol.page);
    expect(sections).not.toContain('Admin');
    expect(await carol.page.getByRole('heading', { name: 'Statistics' }).count()).toBe(0);
    const api = await VaultSession.login(serve.client(), 'carol', CAROL_PASSWORD, 'cli');
    await expect(api.client.request('getStatistics', { range: 'day' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(carol.pageErrors).toEqual([]);
  });
});
