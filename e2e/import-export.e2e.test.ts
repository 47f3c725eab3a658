// Import and export through the real UI: a KeePass XML file through the file chooser with its preview, the
// same file again (nothing new), a malformed file (its line shown, nothing written), an encrypted archive
// downloaded by one user and imported by another.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const MAIL_PASSWORD = 'mail-Pa55-e2e-0d41';
const DB_PASSWORD = 'db-Pa55-e2e-77f2';
const ARCHIVE_PASSWORD = 'archive pass phrase 42';
const BOB = { username: 'bob', password: 'bob password 12' };
/** A file on the db primary item: past one 1 MiB chunk, so the archive carries it in two frames. */
const FILE_NAME = 'replica-ca.pem';
const FILE_BYTES = randomBytes(1024 * 1024 + 777);
/** Three batches of the importer's 500: long enough for the bar to be drawn in each phase. */
const BULK = 1500;

/** A KeePass 2 XML export: the top group is the database (the vault's root), its subgroups folders. */
const KEEPASS_XML = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<KeePassFile>
  <Meta><Generator>KeePass</Generator><DatabaseName>Team</DatabaseName></Meta>
  <Root>
    <Group>
      <UUID>AAAAAAAAAAAAAAAAAAAAAQ==</UUID>
      <Name>Team</Name>
      <Entry>
        <UUID>AAAAAAAAAAAAAAAAAAAAAg==</UUID>
        <String><Key>Title</Key><Value>web mail</Value></String>
        <String><Key>UserName</Key><Value>ada@example.com</Value></String>
        <String><Key>Password</Key><Value ProtectInMemory="True">${MAIL_PASSWORD}</Value></String>
        <String><Key>URL</Key><Value>https://mail.example.com</Value></String>
      </Entry>
      <Group>
        <UUID>AAAAAAAAAAAAAAAAAAAAAw==</UUID>
        <Name>Servers</Name>
        <Entry>
          <UUID>AAAAAAAAAAAAAAAAAAAABA==</UUID>
          <String><Key>Title</Key><Value>db primary</Value></String>
          <String><Key>UserName</Key><Value>postgres</Value></String>
          <String><Key>Password</Key><Value ProtectInMemory="True">${DB_PASSWORD}</Value></String>
          <String><Key>Notes</Key><Value>port 5432</Value></String>
        </Entry>
        <Group>
          <UUID>AAAAAAAAAAAAAAAAAAAABQ==</UUID>
          <Name>Staging</Name>
          <Entry>
            <UUID>AAAAAAAAAAAAAAAAAAAABg==</UUID>
            <String><Key>Title</Key><Value>staging ssh</Value></String>
            <String><Key>UserName</Key><Value>deploy</Value></String>
            <String><Key>Password</Key><Value ProtectInMemory="True">staging-Pa55-e2e</Value></String>
          </Entry>
        </Group>
      </Group>
    </Group>
  </Root>
</KeePassFile>
`;

/** The mail entry's URL holds an '&' that starts no entity, as in a KeePass file edited by hand (line 13). */
const BROKEN_XML = KEEPASS_XML.replace(
  '<Value>https://mail.example.com</Value>',
  '<Value>https://a.example?x=1&y=2</Value>',
);
const BROKEN_LINE = BROKEN_XML.split('\n').findIndex((line) => line.includes('&y=2')) + 1;

async function addPerson(serve: ServeProcess, username: string, password: string): Promise<void> {
  const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
  const { enrollmentCode } = await admin.client.request('createUser', {
    username,
    displayName: `${username[0]?.toUpperCase()}${username.slice(1)}`,
    role: 'user',
  });
  await VaultSession.enroll(serve.client(), username, enrollmentCode, password, TEST_KDF_PARAMS);
  await admin.logout();
}

/** How many live secrets a user owns, asked of the server itself rather than of the window. */
async function secretCount(serve: ServeProcess, username: string, password: string): Promise<number> {
  const session = await VaultSession.login(serve.client(), username, password, 'cli');
  try {
    const page = await session.client.request('listSecrets', { path: '/', recursive: true, limit: 1 });
    return page.total;
  } finally {
    await session.logout();
  }
}

/** Puts a file on one of the user's items through the API, as another of their devices would have. */
async function attachFile(serve: ServeProcess, itemName: string): Promise<void> {
  const session = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
  try {
    const page = await session.client.request('listSecrets', { path: '/', recursive: true, limit: 100 });
    const item = page.items.find((s) => s.name === itemName);
    if (!item) throw new Error(`no item named ${itemName}`);
    const bytes = (async function* () {
      yield FILE_BYTES;
    })();
    await session.attachments.upload(item.id, { name: FILE_NAME, size: FILE_BYTES.length, bytes });
  } finally {
    await session.logout();
  }
}

/** Opens the import dialog and picks a file through the browser's file chooser, as a user does. */
async function chooseImportFile(page: Page, name: string, content: string | Buffer): Promise<Locator> {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import secrets' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByLabel('File to import').click();
  await (await chooser).setFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
  });
  return dialog;
}

/** The browser's local date, as the export names its file. */
function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const counts = (dialog: Locator) => dialog.getByRole('list', { name: 'What the import will do' });

// At the usual window and at the small one the desktop app can be resized to (900×600).
describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('import and export%s', { timeout: 180_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let page: Page;
  let archive: { name: string; content: Buffer };

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    await addPerson(serve, BOB.username, BOB.password);
    ada = await newPerson(browser, serve.url, viewport);
    page = ada.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('previews a KeePass XML file, imports it, and the vault lists its items in their folders', async () => {
    const dialog = await chooseImportFile(page, 'team.xml', KEEPASS_XML);
    expect(await dialog.getByLabel('Format').inputValue()).toBe('keepass-xml');
    await dialog.getByText('Recognised as KeePass XML.', { exact: false }).waitFor();
    await expect
      .poll(() => counts(dialog).getByRole('listitem').allTextContents())
      .toEqual(['3 new', '0 already in the vault']);
    const rows = dialog.getByRole('region', { name: 'Items in the file' }).getByRole('row');
    expect(await rows.allTextContents()).toEqual([
      'FolderNameTypeAction',
      '/web mailLoginAdd',
      '/Serversdb primaryLoginAdd',
      '/Servers/Stagingstaging sshLoginAdd',
    ]);
    // Nothing is written by a preview.
    expect(await secretCount(serve, ADMIN.username, ADMIN.password)).toBe(0);
    await checkScreen(page, 'import-preview');

    await dialog.getByRole('button', { name: 'Import 3 items' }).click();
    await dialog.getByRole('heading', { name: 'Import finished' }).waitFor();
    await dialog.getByText('3 items imported').waitFor();
    await checkScreen(page, 'import-done');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByText('3 secrets').waitFor();
    await page.getByRole('option', { name: /db primary/ }).waitFor();
    expect(await page.getByRole('option', { name: /db primary/ }).textContent()).toContain('/Servers');
    expect(await page.getByRole('option', { name: /staging ssh/ }).textContent()).toContain(
      '/Servers/Staging',
    );
    const folders = page.getByRole('navigation', { name: 'Folders' });
    await folders.getByRole('button', { name: /^Servers\s*2$/ }).waitFor();
    // The value arrived end-to-end encrypted and opens as it was in the file.
    await page.getByRole('option', { name: /db primary/ }).click();
    await page.getByRole('heading', { name: 'db primary', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Reveal Password' }).click();
    expect(await page.getByLabel('Password', { exact: true }).textContent()).toBe(DB_PASSWORD);
  });

  it('the same file again: all duplicates, nothing new under "skip", and "replace" re-plans', async () => {
    const dialog = await chooseImportFile(page, 'team.xml', KEEPASS_XML);
    await expect
      .poll(() => counts(dialog).getByRole('listitem').allTextContents())
      .toEqual(['0 new', '3 already in the vault', '3 will be skipped']);
    await dialog.getByText('Nothing to import: every item is already in the vault.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Import 0 items' }).isDisabled()).toBe(true);

    await dialog.getByLabel('Replace them with the imported ones').check();
    await expect
      .poll(() => counts(dialog).getByRole('listitem').allTextContents())
      .toEqual(['0 new', '3 already in the vault', '3 will be replaced']);
    await dialog.getByLabel('Keep both').check();
    await expect
      .poll(() => counts(dialog).getByRole('listitem').allTextContents())
      .toEqual(['3 new', '3 already in the vault']);
    await dialog.getByRole('region', { name: 'Items in the file' }).getByText('db primary (2)').waitFor();

    // Cancelled before committing: nothing changed.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await secretCount(serve, ADMIN.username, ADMIN.password)).toBe(3);
  });

  it('a malformed file shows the line that is wrong, and nothing is written', async () => {
    const dialog = await chooseImportFile(page, 'broken.xml', BROKEN_XML);
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This file cannot be imported. Nothing was written.');
    expect(BROKEN_LINE).toBe(13);
    expect(await alert.textContent()).toContain(`line ${BROKEN_LINE}:`);
    expect(await dialog.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await checkScreen(page, 'import-malformed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await secretCount(serve, ADMIN.username, ADMIN.password)).toBe(3);
    await page.getByText('3 secrets').waitFor();
  });

  it('a plain export needs the confirmation; then the encrypted archive downloads, named by its date', async () => {
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export secrets' });
    expect(await dialog.getByLabel('Encrypted archive (recommended)').isChecked()).toBe(true);

    await dialog.getByLabel('Plain JSON').check();
    await dialog.getByText('A plain file is not encrypted.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog.getByText('Tick the box to confirm you understand the file is not encrypted.').waitFor();
    await dialog
      .getByLabel('I understand this file is not encrypted and anyone who gets it can read every secret')
      .check();
    await dialog.getByLabel('Only this folder').fill('/Servers');
    const plainDownload = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const plain = await plainDownload;
    expect(plain.suggestedFilename()).toBe(`keyhold-export-${today()}.json`);
    await dialog.getByText(`2 secrets saved as keyhold-export-${today()}.json.`).waitFor();
    // Plain means plain: the values are there for anyone to read, and the dialog says to delete it.
    // Only the folder asked for: the root's web mail stayed out.
    const json = readFileSync(await plain.path(), 'utf8');
    expect(json).toContain(DB_PASSWORD);
    expect(json).not.toContain(MAIL_PASSWORD);
    await dialog.getByText('Delete this file once you no longer need it.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The archive carries the items' files: one is put on db primary first.
    await attachFile(serve, 'db primary');
    await page.getByRole('button', { name: 'Export…' }).click();
    expect(await dialog.getByLabel('Encrypted archive (recommended)').isChecked()).toBe(true);
    await dialog.getByLabel('Archive password').fill(ARCHIVE_PASSWORD);
    await dialog.getByLabel('Repeat the password').fill(ARCHIVE_PASSWORD);
    const downloaded: Promise<Download> = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe(`keyhold-export-${today()}.keyhold`);
    const content = readFileSync(await download.path());
    // Sealed: neither a value nor a name is readable in the file.
    for (const plain of [MAIL_PASSWORD, DB_PASSWORD, 'db primary', 'Servers', FILE_NAME]) {
      expect(content.includes(Buffer.from(plain))).toBe(false);
    }
    // Nor the file's bytes, raw or as base64: the archive is the size of the file and more, all sealed.
    expect(content.length).toBeGreaterThan(FILE_BYTES.length);
    expect(content.includes(FILE_BYTES.subarray(1000, 1048))).toBe(false);
    expect(content.includes(FILE_BYTES.subarray(1000, 1048).toString('base64'))).toBe(false);
    archive = { name: download.suggestedFilename(), content };
    await dialog.getByText(`3 secrets saved as ${archive.name}. The archive holds 1 file.`).waitFor();
    await checkScreen(page, 'export-done');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('another user imports the archive with its password and sees the same items', async () => {
    const bob = await newPerson(browser, serve.url, viewport);
    const b = bob.page;
    await openAndSignIn(b, BOB.username, BOB.password);
    const dialog = await chooseImportFile(b, archive.name, archive.content);
    expect(await dialog.getByLabel('Format').inputValue()).toBe('keyhold-archive');

    await dialog.getByLabel('Archive password').fill('not the archive password');
    await dialog.getByLabel('Archive password').press('Enter');
    await dialog.getByText('That password does not open this archive.').waitFor();

    await dialog.getByLabel('Archive password').fill(ARCHIVE_PASSWORD);
    await dialog.getByLabel('Archive password').press('Enter');
    await expect
      .poll(() => counts(dialog).getByRole('listitem').allTextContents())
      .toEqual(['3 new', '0 already in the vault']);
    await dialog.getByRole('button', { name: 'Import 3 items' }).click();
    await dialog.getByText('3 items imported').waitFor();
    await dialog.getByText('1 file put back on its item').waitFor();
    await checkScreen(b, 'import-archive-files-done');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await b.getByText('3 secrets').waitFor();
    // The file came along, sealed for bob now: his window lists it and downloads the same bytes.
    await b.getByRole('option', { name: /db primary/ }).click();
    await b.getByRole('heading', { name: 'db primary', level: 2 }).waitFor();
    await b.getByRole('list', { name: 'Files on this item' }).getByText(FILE_NAME).waitFor();
    const fileDownload = b.waitForEvent('download');
    await b.getByRole('button', { name: `Download ${FILE_NAME}` }).click();
    const savedFile = await fileDownload;
    expect(readFileSync(await savedFile.path()).equals(FILE_BYTES)).toBe(true);
    expect(await b.getByRole('option', { name: /staging ssh/ }).textContent()).toContain('/Servers/Staging');
    await b.getByRole('option', { name: /web mail/ }).click();
    await b.getByRole('heading', { name: 'web mail', level: 2 }).waitFor();
    await b.getByRole('button', { name: 'Reveal Password' }).click();
    expect(await b.getByLabel('Password', { exact: true }).textContent()).toBe(MAIL_PASSWORD);
    expect(await secretCount(serve, BOB.username, BOB.password)).toBe(3);
    expect(bob.pageErrors).toEqual([]);
  });

  it('a large .env file into a chosen folder: a capped preview and a bar moving through the phases', async () => {
    const lines = Array.from({ length: BULK }, (_, i) => `BULK_KEY_${i}=value-${i}`);
    const dialog = await chooseImportFile(page, 'service.env', `${lines.join('\n')}\n`);
    expect(await dialog.getByLabel('Format').inputValue()).toBe('dotenv');
    await counts(dialog).getByText(`${BULK} new`).waitFor();
    const folder = dialog.getByLabel('Import into folder');
    await folder.fill('bulk/../etc');
    await folder.press('Enter');
    await dialog.getByText('Import into folder: must not contain . or ..').waitFor();
    await folder.fill('/bulk/env');
    await folder.press('Enter');
    const rows = dialog.getByRole('region', { name: 'Items in the file' }).getByRole('row');
    await expect.poll(() => rows.nth(1).textContent()).toBe('/bulk/envBULK_KEY_0API keyAdd');
    expect(await rows.count()).toBe(1 + 100);
    await dialog.getByText(`…and ${BULK - 100} more`).waitFor();

    // Every state the bar is drawn in, as a screen reader would hear it.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { progressSeen: seen });
      new MutationObserver(() => {
        const text = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext');
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await dialog.getByRole('button', { name: `Import ${BULK} items` }).click();
    await dialog.getByText(`${BULK} items imported`).waitFor();
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.some((s) => new RegExp(`^(Encrypting|Uploading)… [1-9]\\d* of ${BULK}$`).test(s))).toBe(true);
    expect(seen).toContain('Saving…');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByText(`${BULK + 3} secrets`).waitFor();
    await page
      .getByRole('navigation', { name: 'Folders' })
      .getByRole('button', { name: /^bulk\s*\d+$/ })
      .waitFor();
    expect(await secretCount(serve, ADMIN.username, ADMIN.password)).toBe(BULK + 3);
    expect(ada.pageErrors).toEqual([]);
  });
});
