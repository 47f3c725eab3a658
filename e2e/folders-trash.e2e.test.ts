// Folders and the trash from the tree, as a person does it (issue 15): make a folder that stays while
// empty, rename and move a folder with the folder picker (and by dragging it onto another), delete an empty
// one after asking, see a refusal next to the field, delete one trashed secret forever and empty the trash,
// each asked first, with "Empty trash…" off while there is nothing to empty.
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
  /** A folder's button in the tree: its name, then its count. */
  const folder = (name: string, count: number) =>
    tree().getByRole('button', { name: `${name} ${count}`, exact: true });
  const paths = async () =>
    (await api.client.request('listFolders', {})).folders.map((f) => `${f.path} ${f.count}`);

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

  it('makes a folder that stays while empty, shown with count 0 and opened', async () => {
    await tree().getByRole('button', { name: 'New folder…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New folder' });
    expect(await dialog.getByLabel('Inside').inputValue()).toBe('/');
    // A slash in the name is refused next to the field, before anything is sent.
    await dialog.getByLabel('Name').fill('jobs/acme');
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await dialog.getByText('Name: one folder name, without a slash.', { exact: false }).waitFor();
    await checkScreen(page, 'folder-new-refused');
    await dialog.getByLabel('Name').fill('jobs');
    await dialog.getByText('The folder will be /jobs.').waitFor();
    await checkScreen(page, 'folder-new-dialog');
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await folder('jobs', 0).waitFor();
    expect(await folder('jobs', 0).getAttribute('aria-current')).toBe('true');
    await page.getByText('No secrets in /jobs yet.', { exact: false }).waitFor();
    expect(await paths()).toEqual(['/jobs 0', '/work 1', '/work/deploy 1']);
    // It survives a reload: it is stored, not only drawn.
    await page.reload();
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await folder('jobs', 0).waitFor();
    await checkScreen(page, 'folder-tree-empty-folder');
  });

  it('renames and moves a folder with the folders inside it, the target picked from the tree', async () => {
    await tree().getByRole('button', { name: 'Folder actions: work' }).click();
    await tree().getByRole('button', { name: 'Rename or move…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename or move /work' });
    expect(await dialog.getByLabel('Name').inputValue()).toBe('work');
    // The picker offers every folder but the one moved and those inside it.
    const offered = await dialog.getByLabel('Inside').locator('option').allTextContents();
    expect(offered.map((o) => o.trim())).toEqual(['Top level', '/jobs']);
    await dialog.getByLabel('Name').fill('acme');
    await dialog.getByLabel('Inside').selectOption('/jobs');
    await dialog.getByText('The folder will be /jobs/acme.').waitFor();
    await checkScreen(page, 'folder-rename-dialog');
    await dialog.getByRole('button', { name: 'Rename or move' }).click();
    await dialog.waitFor({ state: 'detached' });
    await folder('jobs', 2).waitFor();
    expect(await tree().getByRole('button', { name: /^work/ }).count()).toBe(0);
    expect(await paths()).toEqual(['/jobs 0', '/jobs/acme 1', '/jobs/acme/deploy 1']);
  });

  it('moves a folder by dragging it onto another, after showing where it goes', async () => {
    await tree().getByRole('button', { name: 'New folder…' }).click();
    const made = page.getByRole('dialog', { name: 'New folder' });
    await made.getByLabel('Inside').selectOption('/');
    await made.getByLabel('Name').fill('drafts');
    await made.getByRole('button', { name: 'Create folder' }).click();
    await folder('drafts', 0).waitFor();
    await folder('drafts', 0).dragTo(folder('jobs', 2));
    const dialog = page.getByRole('dialog', { name: 'Rename or move /drafts' });
    expect(await dialog.getByLabel('Inside').inputValue()).toBe('/jobs');
    await dialog.getByRole('button', { name: 'Rename or move' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await paths()).toEqual(['/jobs 0', '/jobs/acme 1', '/jobs/acme/deploy 1', '/jobs/drafts 0']);
  });

  it('deletes an empty folder after asking, and offers no delete for a folder holding secrets', async () => {
    // The moved folder is the one shown, so the tree is open down to it.
    await folder('drafts', 0).waitFor();
    await tree().getByRole('button', { name: 'Folder actions: jobs' }).click();
    const jobsMenu = tree().getByRole('group', { name: 'Folder actions: jobs' });
    expect(await jobsMenu.getByRole('button', { name: 'Delete folder…' }).isDisabled()).toBe(true);
    await jobsMenu.getByText('Holds 2 secrets', { exact: false }).waitFor();
    await checkScreen(page, 'folder-actions-not-empty');
    await tree().getByRole('button', { name: 'Folder actions: jobs' }).click();

    await tree().getByRole('button', { name: 'Folder actions: drafts' }).click();
    await tree().getByRole('button', { name: 'Delete folder…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete folder /jobs/drafts?' });
    await checkScreen(page, 'folder-delete-dialog');
    await confirm.getByRole('button', { name: 'Delete folder' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await folder('drafts', 0).count()).toBe(0);
    expect(await paths()).toEqual(['/jobs 0', '/jobs/acme 1', '/jobs/acme/deploy 1']);
  });

  it('deletes one trashed secret forever, after asking', async () => {
    await folder('Trash', 2).click();
    await page.getByRole('option', { name: /old token/ }).click();
    await page.getByRole('button', { name: 'Delete forever…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “old token” forever?' });
    await checkScreen(page, 'trash-delete-forever-dialog');
    await confirm.getByRole('button', { name: 'Delete forever' }).click();
    await page.getByRole('option', { name: /old token/ }).waitFor({ state: 'detached' });
    expect(await confirm.count()).toBe(0);
    expect(await page.getByRole('option', { name: /stale key/ }).count()).toBe(1);
    await folder('Trash', 1).waitFor();
  });

  it('empties the trash after saying how many go; Cancel first changes nothing; then it is off', async () => {
    await tree().getByRole('button', { name: 'Empty trash…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Empty the trash?' });
    await confirm.getByText('The 1 secret in the trash is deleted for good', { exact: false }).waitFor();
    await checkScreen(page, 'trash-empty-dialog');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('option', { name: /stale key/ }).count()).toBe(1);
    await tree().getByRole('button', { name: 'Empty trash…' }).click();
    await confirm.getByRole('button', { name: 'Delete all for good' }).click();
    await page.getByRole('status').getByText('1 secret deleted for good.').waitFor();
    await page.getByText('The trash is empty.').waitFor();
    await folder('Trash', 0).waitFor();
    expect(await tree().getByRole('button', { name: 'Empty trash…' }).isDisabled()).toBe(true);
    await checkScreen(page, 'trash-emptied');
    expect(person.pageErrors).toEqual([]);
  });
});
