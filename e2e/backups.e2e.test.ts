// Backups through the real UI: an admin backs up now and sees the file, stores a passphrase, sets a schedule and
// deletes a backup, by keyboard where a person would type; a plain user has no Backups section at all.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
  UNSEAL_PASSPHRASE,
} from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const BACKUP_PASSPHRASE = 'e2e backup passphrase 42';
const STORED_PASSPHRASE = 'e2e stored backup passphrase';
const CAROL_PASSWORD = 'carol-long-password-1';

describe('backups', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let carol: Person;
  let page: Page;
  let firstBackup = '';

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await enrollThroughApi(serve, admin, {
      username: 'carol',
      displayName: 'Carol',
      role: 'user',
      password: CAROL_PASSWORD,
    });
    [ada, carol] = await Promise.all([newPerson(browser, serve.url), newPerson(browser, serve.url)]);
    page = ada.page;
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  const rows = () => page.getByRole('table').getByRole('row');

  it('an admin opens Backups, is told a passphrase is needed, then backs up now and sees the file', async () => {
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await openAdminSection(page, 'Backups');
    await page.getByText('No backups yet.').waitFor();

    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText('Give a backup passphrase, or store one below first.').waitFor();

    // The passphrase is typed twice: a mistyped one would make a backup nobody can open.
    const field = page.getByLabel('Backup passphrase', { exact: true });
    const repeat = page.getByLabel('Repeat the backup passphrase');
    await field.fill(BACKUP_PASSPHRASE);
    await repeat.fill(`${BACKUP_PASSPHRASE}x`);
    await repeat.press('Enter');
    await page.getByText('The two passphrases are not the same.').waitFor();
    expect(await page.getByText('No backups yet.').isVisible()).toBe(true);
    // By keyboard: the right repeat, then Enter.
    await repeat.fill(BACKUP_PASSPHRASE);
    await repeat.press('Enter');
    const written = page.getByRole('status').filter({ hasText: /^Backup keyhold-.*\.khbak written\.$/ });
    await written.waitFor({ timeout: 30_000 });
    firstBackup = ((await written.textContent()) ?? '').replace(/^Backup | written\.$/g, '');
    const row = page.getByRole('row', { name: new RegExp(firstBackup.replaceAll('.', '\\.')) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Manual');
    expect(await field.inputValue()).toBe('');

    const onDisk = readdirSync(path.join(serve.dataDir, 'backups'));
    expect(onDisk).toContain(firstBackup);
    const bytes = readFileSync(path.join(serve.dataDir, 'backups', firstBackup));
    for (const plain of [
      ADMIN.username,
      ADMIN.password,
      CAROL_PASSWORD,
      UNSEAL_PASSPHRASE,
      BACKUP_PASSPHRASE,
    ]) {
      expect(bytes.includes(Buffer.from(plain, 'utf8')), plain).toBe(false);
    }
  });

  it('stores a passphrase and sets a schedule', async () => {
    const stored = page.getByRole('group', { name: 'Stored passphrase' });
    await stored.getByText('No passphrase is stored: scheduled backups cannot run.').waitFor();
    await stored.getByLabel('Passphrase to store').fill(STORED_PASSPHRASE);
    await stored.getByLabel('Repeat the passphrase').fill('something else entirely');
    await stored.getByRole('button', { name: 'Store passphrase' }).click();
    await stored.getByText('The two passphrases are not the same.').waitFor();
    await stored.getByLabel('Repeat the passphrase').fill(STORED_PASSPHRASE);
    await stored.getByRole('button', { name: 'Store passphrase' }).click();
    await stored.getByText('Passphrase stored.').waitFor({ timeout: 30_000 });
    await stored.getByText('A passphrase is stored', { exact: false }).waitFor();

    const schedule = page.getByRole('group', { name: 'Schedule' });
    await schedule.getByLabel('Back up on a schedule').check();
    await schedule.getByLabel('Every how many hours').fill('6');
    await schedule.getByLabel('Scheduled copies to keep').fill('3');
    await schedule.getByRole('button', { name: 'Save schedule' }).click();
    await schedule.getByText('Schedule saved.').waitFor();
    await page.getByRole('heading', { name: 'Backups', level: 1 }).scrollIntoViewIfNeeded();
    await checkScreen(page, 'backups');

    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    const settings = await admin.client.request('getSettings', {});
    expect(settings.backup).toMatchObject({ enabled: true, intervalHours: 6, keep: 3 });
    expect(JSON.stringify(settings)).not.toContain(STORED_PASSPHRASE);
  });

  it('backs up with the stored passphrase, then deletes that backup after confirming', async () => {
    await page.getByRole('button', { name: 'Back up now' }).click();
    const written = page.getByRole('status').filter({ hasText: /^Backup keyhold-.*\.khbak written\.$/ });
    await expect
      .poll(async () => (await written.textContent()) ?? '', { timeout: 30_000 })
      .not.toContain(firstBackup);
    const second = ((await written.textContent()) ?? '').replace(/^Backup | written\.$/g, '');
    await page.getByRole('button', { name: `Delete ${second}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this backup?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await rows().allTextContents()).join('\n')).not.toContain(second);
    expect((await rows().allTextContents()).join('\n')).toContain(firstBackup);
    expect(readdirSync(path.join(serve.dataDir, 'backups'))).not.toContain(second);
    expect(ada.pageErrors).toEqual([]);
    expect(serve.output()).not.toContain(BACKUP_PASSPHRASE);
    expect(serve.output()).not.toContain(STORED_PASSPHRASE);
  });

  it('a plain user has no Backups section', async () => {
    await openAndSignIn(carol.page, 'carol', CAROL_PASSWORD);
    const nav = carol.page.getByRole('navigation', { name: 'Sections' });
    const sections = await nav.getByRole('button').allTextContents();
    expect(sections).not.toContain('Backups');
    expect(sections).not.toContain('Admin');
    expect(await carol.page.getByRole('heading', { name: 'Backups' }).count()).toBe(0);
    expect(carol.pageErrors).toEqual([]);
  });
});
