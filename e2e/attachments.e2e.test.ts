// Files on an item in the window: added through the file chooser, listed with name and size, downloaded
// (the saved bytes are the picked bytes), deleted after a confirmation.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const CONTENT = Buffer.concat([
  Buffer.from('apiVersion: v1\nkind: Config\n'),
  Buffer.alloc(1024 * 1024 + 100, 0x61),
]);

describe('attachments in the item view', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let page: Page;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await admin.createSecret({ name: 'prod cluster', path: '/k8s', type: 'note', payload: { value: 'x' } });
    await admin.logout();
    person = await newPerson(browser, serve.url, DEFAULT_VIEWPORT);
    page = person.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByText('1 secret').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('adds a file through the file chooser, lists it with its size, and downloads the same bytes', async () => {
    await page.getByRole('option', { name: /prod cluster/ }).click();
    await page.getByRole('heading', { name: 'prod cluster', level: 2 }).waitFor();
    await page.getByText('No files yet.').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add a file' }).click();
    await (await chooser).setFiles({ name: 'kubeconfig.yaml', mimeType: 'text/yaml', buffer: CONTENT });
    const list = page.getByRole('list', { name: 'Files on this item' });
    await list.getByText('kubeconfig.yaml').waitFor();
    await expect.poll(() => list.textContent()).toMatch(/1 MiB/);
    await checkScreen(page, 'vault-attachments');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download kubeconfig.yaml' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('kubeconfig.yaml');
    expect(readFileSync(await saved.path()).equals(CONTENT)).toBe(true);
  });

  it('deletes a file only after the confirmation', async () => {
    await page.getByRole('button', { name: 'Delete kubeconfig.yaml' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete “kubeconfig.yaml” from this item?').waitFor();
    await checkScreen(page, 'vault-attachments-delete');
    await dialog.getByRole('button', { name: 'Delete file' }).click();
    await page.getByText('No files yet.').waitFor();
  });
});
