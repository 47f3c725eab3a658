// Certificates through the real UI: an admin issues a client certificate and downloads it, finds it by search and
// sort, revokes it with a reason (and the server then refuses it); a freshly issued 10-day certificate is valid, and
// the overview flags it once it is in the last third of its life (its dates moved back in the database);
// a moderator sees the overview but not Certificates; a plain user sees no Admin at all.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect, createSecureContext } from 'node:tls';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, enrollThroughApi, initThroughApi, openAndSignIn, sectionNames } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const DAY = 86_400_000;
const MOLLY_PASSWORD = 'molly-long-password-1';
const CAROL_PASSWORD = 'carol-long-password-1';
const P12_PASSWORD = 'bundle password 42';

// At the usual window and at the small one the desktop app can be resized to (900×600).
describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('certificates%s', { timeout: 180_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let page: Page;
  const issued = { cert: '', key: '' };
  const agents: Agent[] = [];

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    for (const [username, role, password] of [
      ['molly', 'moderator', MOLLY_PASSWORD],
      ['carol', 'user', CAROL_PASSWORD],
    ] as const) {
      const displayName = username === 'molly' ? 'Molly' : 'Carol';
      await enrollThroughApi(serve, admin, { username, displayName, role, password });
    }
    ada = await newPerson(browser, serve.url, viewport);
    page = ada.page;
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await browser?.close();
    await serve?.stop();
  });

  /** Asks the server for its status over TLS presenting a client certificate, as a machine would. */
  async function statusPresenting(cert: string, key: string) {
    const agent = new Agent({
      connect: { ca: readFileSync(path.join(serve.dataDir, 'tls', 'ca.pem'), 'utf8'), cert, key },
    });
    agents.push(agent);
    const response = await undiciFetch(`${serve.url}/v1/op/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      dispatcher: agent,
    });
    return (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
  }

  const adminSection = (p: Page, name: string) =>
    p.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name, exact: true }).click();

  const dataRows = () =>
    page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('cell') });

  async function issue(commonName: string, days: string, password = '', forUser = '') {
    const form = page.getByRole('group', { name: 'Issue a client certificate' });
    await form.getByLabel('Common name').fill(commonName);
    if (forUser) await form.getByLabel('Issued for').selectOption({ label: forUser });
    await form.getByLabel('Valid for (days)').fill(days);
    await form.getByLabel('PKCS#12 password (optional)').fill(password);
    await form.getByRole('button', { name: 'Issue certificate' }).click();
    return page.getByRole('dialog', { name: `Certificate for ${commonName}` });
  }

  it('an admin opens the overview first, then issues a client certificate and downloads it once', async () => {
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Admin', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByText('No certificate is expired or near its end.').waitFor();

    await adminSection(page, 'Certificates');
    await page.getByRole('heading', { name: 'Certificates', level: 1 }).waitFor();
    // The CA and the server certificate made at first start are listed from the beginning.
    await page.getByRole('row', { name: /Certificate authority/ }).waitFor();

    const dialog = await issue('ci-runner', '90', P12_PASSWORD, 'Carol (carol)');
    await dialog.getByText('it is shown only this once', { exact: false }).waitFor();
    const [certFile] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download certificate (PEM)' }).click(),
    ]);
    expect(certFile.suggestedFilename()).toBe('ci-runner.crt.pem');
    issued.cert = readFileSync(await certFile.path(), 'utf8');
    expect(new X509Certificate(issued.cert).subject).toContain('CN=ci-runner');
    const [keyFile] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download private key (PEM)' }).click(),
    ]);
    issued.key = readFileSync(await keyFile.path(), 'utf8');
    expect(issued.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const [p12File] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download PKCS#12 (.p12)' }).click(),
    ]);
    expect(p12File.suggestedFilename()).toBe('ci-runner.p12');
    // OpenSSL opens the bundle with the password typed in the form, and not without it.
    const p12 = readFileSync(await p12File.path());
    expect(() => createSecureContext({ pfx: p12, passphrase: P12_PASSWORD })).not.toThrow();
    expect(() => createSecureContext({ pfx: p12, passphrase: 'not it' })).toThrow();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row', { name: /ci-runner/ });
    await row.getByText('Valid', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('carol');
    // The server accepts the certificate from a machine that presents it.
    expect((await statusPresenting(issued.cert, issued.key)).ok).toBe(true);
  });

  it('finds certificates by search and sorts them by expiry both ways', async () => {
    await (await issue('ten-day-job', '10')).getByRole('button', { name: 'Done' }).click();
    // Freshly issued, a short-lived certificate is not "expiring": only its last third of life counts.
    await page
      .getByRole('row', { name: /ten-day-job/ })
      .getByText('Valid', { exact: true })
      .waitFor();

    const search = page.getByLabel('Search certificates');
    await search.fill('ci-run');
    await page
      .getByRole('status')
      .filter({ hasText: /^1 certificate$/ })
      .waitFor();
    expect(await dataRows().allTextContents()).toEqual([expect.stringContaining('ci-runner')]);
    await search.fill('');
    await page
      .getByRole('status')
      .filter({ hasText: /^4 certificates$/ })
      .waitFor();

    const expires = page.getByRole('columnheader', { name: /Expires/ });
    await expires.getByRole('button').click();
    expect(await expires.getAttribute('aria-sort')).toBe('ascending');
    expect(await dataRows().first().textContent()).toContain('ten-day-job');
    await expires.getByRole('button').click();
    expect(await expires.getAttribute('aria-sort')).toBe('descending');
    expect(await dataRows().first().textContent()).toContain('Certificate authority');
  });

  it('revokes with a reason: the list says so and the server refuses the certificate', async () => {
    await page.getByRole('button', { name: 'Revoke ci-runner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke ci-runner' });
    await dialog.getByText('This cannot be undone.', { exact: false }).waitFor();
    await dialog.getByLabel('Reason').selectOption({ label: 'Key compromised' });
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    const row = page.getByRole('row', { name: /ci-runner/ });
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('Key compromised');
    expect(await row.getByRole('button', { name: 'Revoke ci-runner' }).count()).toBe(0);
    await page.getByRole('heading', { name: 'All certificates' }).evaluate((h) => h.scrollIntoView());
    await checkScreen(page, 'certificates');

    const refused = await statusPresenting(issued.cert, issued.key);
    expect(refused).toMatchObject({ ok: false, error: { code: 'certificate_refused' } });
    expect(ada.pageErrors).toEqual([]);
    expect(serve.output()).not.toContain(P12_PASSWORD);
  });

  it('the overview flags the 10-day certificate in the last third of its life and leads to Certificates', async () => {
    // As if it had been issued 8 days ago: 2 days left of 10. (The server's clock is the real one.)
    const db = new BetterSqlite3(path.join(serve.dataDir, 'keyhold.db'));
    const moved = db
      .prepare('update certificates set not_before = ?, not_after = ? where subject like ?')
      .run(
        new Date(Date.now() - 8 * DAY).toISOString(),
        new Date(Date.now() + 2 * DAY).toISOString(),
        '%ten-day-job%',
      );
    db.close();
    expect(moved.changes).toBe(1);
    await adminSection(page, 'Overview');
    const attention = page.getByRole('region', { name: 'Certificates needing attention' });
    const item = attention.getByRole('listitem').filter({ hasText: 'ten-day-job' });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Expiring soon.*expires in (1|2) days?/);
    // The revoked one needs nobody: it is not flagged.
    expect(await attention.textContent()).not.toContain('ci-runner');
    await checkScreen(page, 'admin-overview');
    await attention.getByRole('button', { name: 'Open certificates' }).click();
    await page.getByRole('heading', { name: 'Certificates', level: 1 }).waitFor();
  });

  it('renews the server certificate for the names typed, served at once', async () => {
    const panel = page.getByRole('group', { name: 'Renew the server certificate' });
    await panel.getByLabel('Host names').fill('localhost, vault.e2e.test');
    await panel.getByLabel('IP addresses').fill('127.0.0.1');
    await panel.getByRole('button', { name: 'Save names and renew' }).click();
    const done = page
      .getByRole('status')
      .filter({ hasText: /^The server now presents certificate [0-9a-f]+\.$/ });
    await done.waitFor();
    const serial = ((await done.textContent()) ?? '').replace(/^.* certificate |\.$/g, '');
    const served = await new Promise<string>((resolve, reject) => {
      const socket = connect(
        { host: '127.0.0.1', port: Number(new URL(serve.url).port), rejectUnauthorized: false },
        () => {
          resolve(socket.getPeerCertificate().serialNumber.toLowerCase());
          socket.end();
        },
      );
      socket.on('error', reject);
    });
    expect(served).toBe(serial);
    await page.getByRole('heading', { name: 'Server certificate' }).scrollIntoViewIfNeeded();
    await page.getByText('vault.e2e.test', { exact: false }).first().waitFor();
    await checkScreen(page, 'certificates-server');
    expect(ada.pageErrors).toEqual([]);
  });

  it('a moderator sees the overview and its flag, but no Certificates section', async () => {
    const molly = await newPerson(browser, serve.url, viewport);
    await openAndSignIn(molly.page, 'molly', MOLLY_PASSWORD);
    await molly.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Admin', exact: true })
      .click();
    await molly.page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const attention = molly.page.getByRole('region', { name: 'Certificates needing attention' });
    await attention.getByText('ten-day-job').waitFor();
    await attention.getByText('An administrator can renew or replace them.').waitFor();
    expect(await attention.getByRole('button').count()).toBe(0);
    const sections = await molly.page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('button')
      .allTextContents();
    expect(sections).toContain('Overview');
    expect(sections).not.toContain('Certificates');
    await checkScreen(molly.page, 'admin-overview-moderator');
    expect(molly.pageErrors).toEqual([]);
  });

  it('a plain user has no Admin at all', async () => {
    const carol = await newPerson(browser, serve.url, viewport);
    await openAndSignIn(carol.page, 'carol', CAROL_PASSWORD);
    const sections = await sectionNames(carol.page);
    expect(sections).not.toContain('Admin');
    expect(await carol.page.getByRole('heading', { name: 'Certificates' }).count()).toBe(0);
    expect(carol.pageErrors).toEqual([]);
  });
});
