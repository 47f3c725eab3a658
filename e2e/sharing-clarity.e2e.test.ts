// Sharing that can be followed (issue 15, item 5): your own fingerprint in full with a copy button where
// sharing happens; a recipient sees at once who shared with them and can compare and add them; revoke,
// restore-a-version and delete ask first, and Cancel changes nothing.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, type Person } from './support/browser.ts';
import {
  ALICE,
  addPeople,
  BOB,
  initThroughApi,
  type Stage,
  signedInWindows,
  startStage,
} from './support/flows.ts';
import type { ServeProcess } from './support/serve-process.ts';

const ALICE_PASSWORD = ALICE.password;
const BOB_PASSWORD = BOB.password;

describe('sharing that can be followed', { timeout: 180_000 }, () => {
  let stage: Stage;
  let serve: ServeProcess;
  let alice: Person;
  let bob: Person;
  let a: Page;
  let b: Page;
  let aliceFingerprint: string;
  let secretId: string;

  beforeAll(async () => {
    stage = await startStage();
    serve = stage.serve;
    await initThroughApi(serve);
    await addPeople(serve, [ALICE, BOB]);
    // Alice shares a secret (with two versions) with Bob through the API: Bob has not added her.
    const session = await VaultSession.login(serve.client(), 'alice', ALICE_PASSWORD, 'cli');
    aliceFingerprint = session.fingerprint;
    const created = await session.createSecret({
      name: 'deploy token',
      path: '/ci',
      type: 'api_key',
      payload: { value: 'first-value-1c2d' },
    });
    secretId = created.id;
    await session.updateSecret(secretId, created.version, { payload: { value: 'second-value-3e4f' } });
    const contact = await session.sharing.addContact(await session.sharing.find('bob'));
    await session.sharing.share(secretId, contact, 'read');
    await session.logout();
    [alice, bob] = await signedInWindows(stage, [ALICE, BOB]);
    a = alice.page;
    b = bob.page;
  });
  afterAll(() => stage?.stop());

  it('Bob sees at once that Alice shared with him, compares her fingerprint and adds her', async () => {
    await b.getByRole('button', { name: 'Shared keys' }).click();
    const incoming = b.getByRole('region', { name: 'Shared with you by people not in your contacts' });
    await incoming.getByText('Alice (alice) shared 1 key with you.').waitFor();
    await checkScreen(b, 'contacts-incoming-sender');
    await incoming.getByRole('button', { name: 'Compare fingerprint and add Alice' }).click();
    const dialog = b.getByRole('dialog', { name: 'Add contact' });
    await dialog.getByLabel('Key fingerprint').waitFor();
    expect(await dialog.getByLabel('Key fingerprint').textContent()).toBe(aliceFingerprint);
    await dialog.getByRole('button', { name: 'Fingerprint matches: add' }).click();
    await b.getByRole('option', { name: /Alice/ }).waitFor();
    expect(await incoming.count()).toBe(0);
  });

  it('Alice sees her own fingerprint in full where she shares, and copies it', async () => {
    await a.getByRole('button', { name: 'Shared keys' }).click();
    const own = a.getByRole('region', { name: 'Your key fingerprint' });
    expect(await own.locator('code').textContent()).toBe(aliceFingerprint);
    await own.getByRole('button', { name: 'Copy your key fingerprint' }).click();
    await own.getByText('Your fingerprint is on the clipboard.').waitFor();
    expect(await a.evaluate(() => navigator.clipboard.readText())).toBe(aliceFingerprint);
    await checkScreen(a, 'contacts-own-fingerprint');
  });

  it('revoking asks first: Cancel keeps the share, Revoke ends it', async () => {
    await a.getByRole('option', { name: /Bob/ }).click();
    await a.getByRole('heading', { name: 'Bob', level: 2 }).waitFor();
    await a.getByRole('button', { name: 'Revoke deploy token' }).click();
    const confirm = a.getByRole('dialog', { name: 'Revoke access?' });
    await confirm.getByText('Bob will no longer be able to open “deploy token”', { exact: false }).waitFor();
    await checkScreen(a, 'confirm-revoke');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    const bobApi = await VaultSession.login(serve.client(), 'bob', BOB_PASSWORD, 'cli');
    expect((await bobApi.sharing.sharedWithMe()).items.map((i) => i.name)).toEqual(['deploy token']);

    await a.getByRole('button', { name: 'Revoke deploy token' }).click();
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await a.getByText('Nothing shared yet, either way.').waitFor();
    expect((await bobApi.sharing.sharedWithMe()).items).toEqual([]);
    await bobApi.logout();
  });

  it('restoring a version and deleting ask first, and Cancel changes nothing', async () => {
    await a.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Vault' }).click();
    await a.getByRole('option', { name: /deploy token/ }).click();
    await a.getByRole('heading', { name: 'deploy token', level: 2 }).waitFor();
    await a.getByRole('button', { name: 'History' }).click();
    await a.getByRole('button', { name: 'Restore version 1' }).click();
    const restore = a.getByRole('dialog', { name: 'Restore version 1?' });
    await restore.waitFor();
    await checkScreen(a, 'confirm-restore-version');
    await restore.getByRole('button', { name: 'Cancel' }).click();
    await restore.waitFor({ state: 'detached' });
    const owner = await VaultSession.login(serve.client(), 'alice', ALICE_PASSWORD, 'cli');
    const versions = async () =>
      (await owner.client.request('listSecretVersions', { id: secretId })).versions.length;
    expect(await versions()).toBe(2);

    await a.getByRole('button', { name: 'Delete' }).click();
    const remove = a.getByRole('dialog', { name: 'Move “deploy token” to the trash?' });
    await remove.waitFor();
    await checkScreen(a, 'confirm-delete');
    await remove.getByRole('button', { name: 'Cancel' }).click();
    await remove.waitFor({ state: 'detached' });
    expect((await owner.readSecret(secretId)).deletedAt).toBeNull();

    await a.getByRole('button', { name: 'Delete' }).click();
    await remove.getByRole('button', { name: 'Move to trash' }).click();
    await remove.waitFor({ state: 'detached' });
    await expect.poll(async () => (await owner.readSecret(secretId)).deletedAt).not.toBeNull();
    await owner.logout();
    expect(alice.pageErrors).toEqual([]);
    expect(bob.pageErrors).toEqual([]);
  });
});
