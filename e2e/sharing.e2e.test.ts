// Sharing through the real UI: Alice adds Bob after comparing fingerprints, shares a secret from the
// contact's thread, Bob reads it in his own browser, Alice revokes and Bob loses it; a machine identity.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ALICE, addPeople, BOB, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const VALUE = 'shared-through-the-ui-7c1e';

// At the usual window and at the small one the desktop app can be resized to (900×600).
describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('sharing keys%s', { timeout: 180_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let a: Page;
  let b: Page;
  let secretId: string;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    await addPeople(serve, [ALICE, BOB]);
    // Alice's secret, made through the API to keep this spec about sharing.
    const session = await VaultSession.login(serve.client(), 'alice', 'alice password 1', 'cli');
    ({ id: secretId } = await session.createSecret({
      name: 'deploy token',
      path: '/ci',
      type: 'api_key',
      payload: { value: VALUE },
    }));
    await session.logout();
    [alice, bob] = await Promise.all([
      newPerson(browser, serve.url, viewport),
      newPerson(browser, serve.url, viewport),
    ]);
    a = alice.page;
    b = bob.page;
    await Promise.all([
      openAndSignIn(a, 'alice', 'alice password 1'),
      openAndSignIn(b, 'bob', 'bob password 12'),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('Alice adds Bob after seeing his fingerprint, and shares a secret from his thread', async () => {
    await a.getByRole('button', { name: 'Shared keys' }).click();
    await a.getByRole('button', { name: 'Add contact' }).click();
    const dialog = a.getByRole('dialog', { name: 'Add contact' });
    await dialog.getByLabel('User name').fill('bob');
    await dialog.getByRole('button', { name: 'Look up' }).click();
    const shown = (await dialog.getByLabel('Key fingerprint').textContent()) ?? '';
    expect(shown).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    await checkScreen(a, 'contacts-add-contact');
    await dialog.getByRole('button', { name: 'Fingerprint matches: add' }).click();

    const row = a.getByRole('option', { name: /Bob/ });
    await row.click();
    await a.getByRole('heading', { name: 'Bob', level: 2 }).waitFor();
    expect(await a.locator('.thread code').textContent()).toBe(shown);
    await a.getByRole('searchbox', { name: 'Find one of your secrets' }).fill('deploy');
    await a.getByRole('button', { name: 'Share deploy token' }).click();
    await a.getByText('1 secret shared.').waitFor();
    await a.getByText('You shared deploy token (read-only)').waitFor();
    await expect.poll(() => row.textContent()).toContain('you share 1 · they share 0');
    await checkScreen(a, 'contacts');
  });

  it('Bob finds it under Shared with me and reveals it in his own browser, read-only', async () => {
    await b.getByRole('button', { name: 'Shared with me' }).click();
    await b.getByRole('button', { name: /deploy token/ }).click();
    await b.getByRole('heading', { name: 'deploy token', level: 2 }).waitFor();
    await b.getByText('Shared with you read-only.').waitFor();
    expect(await b.getByRole('button', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await b.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await b.getByRole('button', { name: 'Reveal API key' }).click();
    expect(await b.getByLabel('API key', { exact: true }).textContent()).toBe(VALUE);
    await checkScreen(b, 'shared-with-me');
  });

  it('Alice revokes from the thread; Bob can no longer open it', async () => {
    await a.getByRole('button', { name: 'Revoke deploy token' }).click();
    await a.getByRole('dialog', { name: 'Revoke access?' }).getByRole('button', { name: 'Revoke' }).click();
    await a.getByText('Nothing shared yet, either way.').waitFor();
    await b.getByRole('button', { name: 'Vault' }).click();
    await b.getByRole('button', { name: 'Shared with me' }).click();
    await b.getByText('Nothing is shared with you yet.', { exact: false }).waitFor();
    // Not only gone from his list: asked for by its id, as a script of Bob's would, the server refuses it.
    const bobByApi = await VaultSession.login(serve.client(), 'bob', 'bob password 12', 'cli');
    expect(await bobByApi.client.call('readSecret', { id: secretId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await bobByApi.logout();
  });

  it('Alice makes a machine identity: its token file is shown once and it joins her contacts', async () => {
    await a.getByRole('button', { name: 'New machine identity' }).click();
    const dialog = a.getByRole('dialog', { name: 'New machine identity' });
    await dialog.getByLabel('Name (like ci-deploy)').fill('ci-deploy');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const tokenDialog = a.getByRole('dialog', { name: 'Token file for ci-deploy' });
    const token = JSON.parse((await tokenDialog.getByLabel('Token file').textContent()) ?? '{}') as {
      username?: string;
      server?: string;
    };
    expect(token).toMatchObject({ username: 'ci-deploy', server: serve.url });
    await checkScreen(a, 'contacts-machine-token');
    await tokenDialog.getByRole('button', { name: 'Done' }).click();
    await a.getByRole('option', { name: /ci-deploy/ }).waitFor();
    expect(await a.getByRole('option', { name: /ci-deploy/ }).textContent()).toContain('machine identity');
    expect(alice.pageErrors).toEqual([]);
    expect(bob.pageErrors).toEqual([]);
    expect(serve.output()).not.toContain(VALUE);
  });
});
