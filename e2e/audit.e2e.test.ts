// The audit log through the real UI: an admin filters, verifies, exports (files checked) and finds a tampered
// entry; a moderator reads and verifies without the retention control; a plain user has no Admin at all.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
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
  UNSEAL_PASSPHRASE,
} from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const CAROL_PASSWORD = 'carol-long-password-1';
const MONA_PASSWORD = 'mona-long-password-1';
const SECRET_VALUE = 'e2e-audit-secret-value-81';

interface ExportedRow {
  seq: number;
  operation: string;
  userId: string | null;
  userName: string | null;
  status: string;
  code: string | null;
  prevHash: string;
  hash: string;
}

async function openAudit(page: Page): Promise<void> {
  await openAdminSection(page, 'Audit log');
}

describe('audit log', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let mona: Person;
  let carol: Person;
  let carolId = '';

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    for (const [username, displayName, role, password] of [
      ['carol', 'Carol', 'user', CAROL_PASSWORD],
      ['mona', 'Mona', 'moderator', MONA_PASSWORD],
    ] as const) {
      const userId = await enrollThroughApi(serve, admin, { username, displayName, role, password });
      if (username === 'carol') carolId = userId;
    }
    // Carol keeps a secret and tries to read the audit log: both are in the log, the value is not.
    const carolApi = await VaultSession.login(serve.client(), 'carol', CAROL_PASSWORD, 'cli');
    await carolApi.createSecret({ name: 'db', type: 'login', payload: { value: SECRET_VALUE } });
    expect(await carolApi.client.call('listAudit', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
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

  it('an admin filters by user and status, verifies the chain and exports the filter as JSON Lines and CSV', async () => {
    const page = ada.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await openAudit(page);
    const table = page.getByRole('table', { name: 'Audit entries' });
    await table.getByRole('row').nth(1).waitFor();

    await page.getByLabel('User', { exact: true }).selectOption({ label: 'Carol (carol)' });
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Denied' });
    const rows = table.getByRole('row');
    await expect.poll(async () => rows.count()).toBe(2);
    const denied = (await rows.nth(1).textContent()) ?? '';
    expect(denied).toContain('Carol');
    expect(denied).toContain('listAudit');
    expect(denied).toContain('forbidden');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Any status' });
    await expect.poll(async () => rows.count()).toBeGreaterThan(4);
    const texts = (await rows.allTextContents()).slice(1);
    expect(texts.every((text) => text.includes('Carol'))).toBe(true);
    expect(texts.some((text) => text.includes('createSecret'))).toBe(true);
    await checkScreen(page, 'audit');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^The chain is intact: \d+ entries checked\.$/ })
      .waitFor();

    const [jsonl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON Lines' }).click(),
    ]);
    expect(jsonl.suggestedFilename()).toMatch(/^keyhold-audit-\d{8}-\d{6}\.jsonl$/);
    const exported = readFileSync(await jsonl.path(), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ExportedRow);
    expect(exported.length).toBe(texts.length);
    expect(exported.every((r) => r.userId === carolId && r.userName === 'Carol')).toBe(true);
    expect(exported.map((r) => r.operation)).toEqual(
      expect.arrayContaining(['login', 'createSecret', 'listAudit']),
    );
    expect(exported.every((r) => /^[0-9a-f]{64}$/.test(r.hash) && /^[0-9a-f]{64}$/.test(r.prevHash))).toBe(
      true,
    );
    await page
      .getByRole('status')
      .filter({ hasText: /entries exported to keyhold-audit-/ })
      .waitFor();

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csvText = readFileSync(await csv.path(), 'utf8');
    const csvLines = csvText.trimEnd().split('\r\n');
    expect(csvLines[0]).toBe(
      'seq,time,operation,opNumber,userId,userName,sessionId,address,target,status,code,prevHash,hash',
    );
    expect(csvLines.length - 1).toBe(exported.length);
    expect(csvLines.slice(1).every((line) => line.split(',')[4] === carolId)).toBe(true);
    for (const text of [csvText, JSON.stringify(exported)]) {
      for (const secret of [SECRET_VALUE, CAROL_PASSWORD, ADMIN.password, UNSEAL_PASSPHRASE]) {
        expect(text).not.toContain(secret);
      }
    }

    // The admin's retention control, validated on the page and saved.
    const retention = page.getByRole('group', { name: 'Retention' });
    await retention.getByLabel('Keep entries forever').uncheck();
    await retention.getByLabel('Keep entries for how many days').fill('0');
    await retention.getByRole('button', { name: 'Save retention' }).click();
    await retention.getByText('Give a whole number of days from 1 to 3650.').waitFor();
    await retention.getByLabel('Keep entries for how many days').fill('400');
    await retention.getByRole('button', { name: 'Save retention' }).click();
    await retention.getByText('Retention saved.').waitFor();
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    expect((await admin.client.request('getSettings', {})).audit).toEqual({ retentionDays: 400 });
    expect(ada.pageErrors).toEqual([]);
  });

  it('a moderator reads and verifies the log, and has no retention control', async () => {
    const page = mona.page;
    await openAndSignIn(page, 'mona', MONA_PASSWORD);
    await openAudit(page);
    await page.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^The chain is intact/ })
      .waitFor();
    expect(await page.getByRole('group', { name: 'Retention' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Prune now' }).count()).toBe(0);
    await checkScreen(page, 'audit-moderator');
    expect(mona.pageErrors).toEqual([]);
  });

  it('a plain user has no Admin section, so no audit log', async () => {
    await openAndSignIn(carol.page, 'carol', CAROL_PASSWORD);
    const sections = await sectionNames(carol.page);
    expect(sections).not.toContain('Admin');
    expect(await carol.page.getByRole('heading', { name: 'Audit log' }).count()).toBe(0);
    expect(carol.pageErrors).toEqual([]);
  });

  it('an entry edited in the database shows up in the verify result, and the admin is taken to it', async () => {
    const db = new BetterSqlite3(path.join(serve.dataDir, 'keyhold.db'));
    const row = db.prepare("select seq from audit where operation = 'createSecret' limit 1").get() as {
      seq: number;
    };
    db.prepare("update audit set address = '203.0.113.9' where seq = ?").run(row.seq);
    db.close();
    const page = ada.page;
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const alert = page.getByRole('alert').filter({ hasText: `The chain is broken at entry no. ${row.seq}.` });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The entry was altered after it was written.');
    await alert.getByRole('button', { name: `Show entry no. ${row.seq}` }).click();
    const first = page.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1);
    await expect.poll(async () => (await first.textContent()) ?? '').toContain('203.0.113.9');
    expect(await first.textContent()).toContain('createSecret');
    await checkScreen(page, 'audit-broken');
    expect(ada.pageErrors).toEqual([]);
  });
});
