// One-time links end to end: a signed-in person makes a link in the window; a stranger's fresh browser (no
// session) opens it and reads the text; a second open shows "expired or does not exist". A file link is
// downloaded by strangers byte for byte while the creator's list follows the views without a reload.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const TEXT = 'wifi: keyhold-guest / Pa55-for-visitors';
const SHOTS = path.join('test-results', 'share-links');
/** Bytes no text decoder would pass through unchanged: every value 0–255, 300,000 of them. */
const FILE = Buffer.from(Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) % 256));
const FILE_NAME = 'handover notes.pdf';
const ITEM_FILE = Buffer.from('client\nremote vpn.example.test 1194\n<ca>\n-----BEGIN CERTIFICATE-----\n');
/** The list asks again every 5 s while it is shown; a loaded machine gets room beyond that. */
const LIST_CATCHES_UP = 30_000;

describe('one-time share links', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let maker: Person;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    maker = await newPerson(browser, serve.url);
    await openAndSignIn(maker.page, ADMIN.username, ADMIN.password);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('a stranger with no session reads the text once; the second open says the link is gone', async () => {
    const page = maker.page;
    await page.getByRole('navigation').getByRole('button', { name: 'Links' }).click();
    await page.getByRole('heading', { name: 'One-time links' }).waitFor();
    await page.getByLabel('Text to share').fill(TEXT);
    await page.getByRole('button', { name: 'Make link' }).click();
    const linkBox = page.getByRole('textbox', { name: 'The link is ready' });
    await linkBox.waitFor();
    const url = await linkBox.inputValue();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: path.join(SHOTS, 'made.png') });

    const stranger = await newPerson(browser, serve.url);
    await stranger.page.goto(url);
    await stranger.page.getByRole('button', { name: 'Show it' }).click();
    const text = stranger.page.locator('#share-text');
    await text.waitFor();
    expect(await text.inputValue()).toBe(TEXT);
    await stranger.page.getByText('This was the last view').waitFor();
    await stranger.page.screenshot({ path: path.join(SHOTS, 'opened.png') });
    // The key left the address bar once it was used.
    expect(new URL(stranger.page.url()).hash).toBe('');

    const second = await newPerson(browser, serve.url);
    await second.page.goto(url);
    await second.page.getByRole('button', { name: 'Show it' }).click();
    await second.page.getByRole('heading', { name: 'This link has expired or does not exist' }).waitFor();
    await second.page.screenshot({ path: path.join(SHOTS, 'gone.png') });
    expect([...stranger.pageErrors, ...second.pageErrors]).toEqual([]);
    expect([...stranger.missingFiles, ...second.missingFiles]).toEqual([]);
  });
  it('a file link: too large is refused first; strangers download the same bytes; the list follows', async () => {
    // A window of its own, so this spec does not lean on where the first one left the maker's page.
    const creator = await newPerson(browser, serve.url);
    const page = creator.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('navigation').getByRole('button', { name: 'Links' }).click();
    await page.getByRole('heading', { name: 'One-time links' }).waitFor();
    await page.getByRole('radio', { name: 'A file' }).click();

    // Dropped on the form, a file one byte past the limit is refused by name and limit before any upload.
    const tooLarge = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(1_000_001)], 'database-dump.tar'));
      return transfer;
    });
    await page.locator('form.links-form').dispatchEvent('drop', { dataTransfer: tooLarge });
    await page.getByText('database-dump.tar is 976.6 KiB: too large for a link').waitFor();
    expect(await page.getByRole('button', { name: 'Make link' }).isDisabled()).toBe(true);
    await checkScreen(page, 'links-file-too-large');

    const chooser = page.waitForEvent('filechooser');
    await page.getByLabel('File to share').click();
    await (await chooser).setFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: FILE });
    await page.getByText(`Chosen: ${FILE_NAME}, 293 KiB`).waitFor();
    await page.getByLabel('Views allowed').fill('2');
    await checkScreen(page, 'links-file-chosen');
    await page.getByRole('button', { name: 'Make link' }).click();
    const linkBox = page.getByRole('textbox', { name: 'The link is ready' });
    await linkBox.waitFor();
    const url = await linkBox.inputValue();
    await page.getByRole('button', { name: 'Close' }).click();
    const yours = page.getByRole('list', { name: 'Your links' });
    await yours.getByText('0 of 2 views').waitFor();

    const first = await downloadAsStranger(url, 'Views left on this link: 1.');
    await checkScreen(first.page, 'share-page-file');
    // The creator's list catches up on its own: no reload, no click.
    await yours.getByText('1 of 2 views').waitFor({ timeout: LIST_CATCHES_UP });
    await checkScreen(page, 'links-list-one-view');

    await downloadAsStranger(url, 'This was the last view');
    await page.getByText('You have no links that can still be opened.').waitFor({ timeout: LIST_CATCHES_UP });
    expect(await yours.getByRole('listitem').count()).toBe(0);
    expect(creator.pageErrors).toEqual([]);
  });

  it('an item’s own file is shared from the item view', async () => {
    const owner = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    const { id } = await owner.createSecret({
      name: 'vpn profile',
      path: '/ops',
      type: 'note',
      payload: { value: 'see the file' },
    });
    await owner.attachments.upload(id, {
      name: 'office.ovpn',
      size: ITEM_FILE.length,
      type: 'application/x-openvpn-profile',
      bytes: (async function* () {
        yield new Uint8Array(ITEM_FILE);
      })(),
    });
    await owner.logout();
    const person = await newPerson(browser, serve.url);
    const page = person.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('option', { name: /vpn profile/ }).click();
    await page.getByRole('heading', { name: 'vpn profile', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Share a link…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'A file' }).click();
    await dialog
      .getByLabel('Or a file on this item')
      .selectOption({ label: `office.ovpn, ${ITEM_FILE.length} B` });
    await dialog.getByText(`Chosen: office.ovpn, ${ITEM_FILE.length} B`).waitFor();
    await checkScreen(page, 'item-share-file');
    await dialog.getByRole('button', { name: 'Make link' }).click();
    const linkBox = dialog.getByRole('textbox', { name: 'The link is ready' });
    await linkBox.waitFor();
    const url = await linkBox.inputValue();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const stranger = await newPerson(browser, serve.url);
    await stranger.page.goto(url);
    await stranger.page.getByRole('button', { name: 'Show it' }).click();
    const download = stranger.page.waitForEvent('download');
    await stranger.page.getByRole('button', { name: 'Download office.ovpn' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('office.ovpn');
    expect(readFileSync(await saved.path()).equals(ITEM_FILE)).toBe(true);
    expect([...person.pageErrors, ...stranger.pageErrors]).toEqual([]);
  });

  /** A fresh browser with no session opens the link, sees the file's name and size, and saves it. */
  async function downloadAsStranger(url: string, viewsLine: string): Promise<Person> {
    const stranger = await newPerson(browser, serve.url);
    await stranger.page.goto(url);
    await stranger.page.getByRole('button', { name: 'Show it' }).click();
    await stranger.page.getByText('A file was shared with you:').waitFor();
    expect(await stranger.page.locator('#share-file').textContent()).toBe(`${FILE_NAME} 293 KiB`);
    await stranger.page.getByText(viewsLine).waitFor();
    const download = stranger.page.waitForEvent('download');
    await stranger.page.getByRole('button', { name: `Download ${FILE_NAME}` }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(FILE_NAME);
    expect(readFileSync(await saved.path()).equals(FILE)).toBe(true);
    expect(stranger.pageErrors).toEqual([]);
    expect(stranger.missingFiles).toEqual([]);
    return stranger;
  }
});
