// Folders and the trash from the tree, as a person does it (issue 15): rename and move a folder with its
// "…" actions, start a new folder, delete one trashed secret forever and empty the trash, each asked first.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

describe('folders and the trash', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let page: Page;
  let api: VaultSession;

  const tree = () => page.getByRole('navigation', { name: 'Folders' });

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    api = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    const note = (name: string, path: string) =>
      api.createSecret({ name, path, type: 'note', payload: { value: `${name}-value` } });
    await note('database', '/work');
    await note('pipeline', '/work/deploy');
    for (const name of ['old token', 'stale key']) {
      const { id } = await note(name, '/');
      await api.client.request('deleteSecret', { id });
    }
    person = await newPerson(browser, serve.url);
    page = person.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('renames and moves a folder with the folders inside it', async () => {
    await tree().getByRole('button', { name: 'Folder actions: work' }).click();
    await tree().getByRole('button', { name: 'Rename or move…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename or move /work' });
    expect(await dialog.getByLabel('New path').inputValue()).toBe('/work');
    await checkScreen(page, 'folder-rename-dialog');
    await dialog.getByLabel('New path').fill('/jobs/acme');
    await dialog.getByRole('button', { name: 'Rename or move' }).click();
    await tree().getByRole('button', { name: /^jobs/ }).waitFor();
    expect(await tree().getByRole('button', { name: /^work/ }).count()).toBe(0);
    const { folders } = await api.client.request('listFolders', {});
    expect(folders.map((f) => f.path)).toEqual(['/jobs/acme', '/jobs/acme/deploy']);
  });

  it('starts a new folder: the new-secret form opens with it filled in', async () => {
    await tree().getByRole('button', { name: 'Folder actions: top level' }).click();
    await tree().getByRole('button', { name: 'New folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Folder path').fill('/personal');
    await checkScreen(page, 'folder-new-dialog');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const form = page.getByRole('form', { name: 'New secret' });
    expect(await form.getByLabel('Folder').inputValue()).toBe('/personal');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('deletes one trashed secret forever, after asking', async () => {
    await tree().getByRole('button', { name: 'Trash' }).click();
    await page.getByRole('option', { name: /old token/ }).click();
    await page.getByRole('button', { name: 'Delete forever…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “old token” forever?' });
    await checkScreen(page, 'trash-delete-forever-dialog');
    await confirm.getByRole('button', { name: 'Delete forever' }).click();
    await page.getByRole('option', { name: /old token/ }).waitFor({ state: 'detached' });
    expect(await confirm.count()).toBe(0);
    expect(await page.getByRole('option', { name: /stale key/ }).count()).toBe(1);
  });

  it('empties the trash, after asking; Cancel first changes nothing', async () => {
    await tree().getByRole('button', { name: 'Empty trash…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Empty the trash?' });
    await checkScreen(page, 'trash-empty-dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('option', { name: /stale key/ }).count()).toBe(1);
    await tree().getByRole('button', { name: 'Empty trash…' }).click();
    await confirm.getByRole('button', { name: 'Delete all for good' }).click();
    await page.getByRole('status').getByText('1 secret deleted for good.').waitFor();
    await page.getByText('The trash is empty.').waitFor();
    await checkScreen(page, 'trash-emptied');
    expect(person.pageErrors).toEqual([]);
  });
});
