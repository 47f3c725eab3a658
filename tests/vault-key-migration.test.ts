// Vault keys end to end: an account and vault made by the client of before vault keys opens after its
// next sign-in, which gives it a vault key and re-wraps its own items' keys under it; what is shared with
// it stays wrapped to its public key; password change, revocation and two devices migrating at once.
import { afterEach, describe, expect, it } from 'vitest';
import { e2e, KeyholdError, prepareLogin, VaultSession } from '../client/index.ts';
import {
  legacyCreateSecret,
  legacyCredentials,
  legacyEnroll,
  legacyLogin,
  legacyUpdateSecret,
} from './support/legacy-vault.ts';
import { addUser, initAndLoginAdmin, kdf, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

const PASSWORD = 'olga password 123';

/** Olga's account and vault as the old client made them: three items (one with two versions, one in the trash). */
async function legacyVault() {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const { enrollmentCode } = await admin.client.request('createUser', {
    username: 'olga',
    displayName: 'Olga',
    role: 'user',
  });
  await legacyEnroll(t.client(), 'olga', enrollmentCode, PASSWORD, kdf);
  const client = t.client();
  const { keys, encryptedVaultKey } = await legacyLogin(client, 'olga', PASSWORD);
  const ids = {
    db: await legacyCreateSecret(client, keys, 'db', 'db value 1'),
    api: await legacyCreateSecret(client, keys, 'api', 'api value'),
    old: await legacyCreateSecret(client, keys, 'old', 'trashed value'),
  };
  await legacyUpdateSecret(client, keys, ids.db, 1, 'db value 2');
  await client.request('deleteSecret', { id: ids.old });
  return { admin, ids, encryptedVaultKey, legacyClient: client };
}

/** The wrapped keys the server holds for the caller's own secrets, by id. */
async function ownWrappedKeys(session: VaultSession, ids: string[]) {
  const { items } = await session.client.request('readSecretBatch', { ids });
  return Object.fromEntries(items.map((i) => [i.id, i.wrappedKey]));
}

const format = (wrapped: string | undefined) => e2e.fromBase64(wrapped ?? '')[0];

describe('a vault made before vault keys', () => {
  it('opens after sign-in, which gives the account a vault key and re-wraps every own item’s key under it', async () => {
    const { ids, encryptedVaultKey } = await legacyVault();
    expect(encryptedVaultKey).toBeNull();
    const all = Object.values(ids);
    const progress: [number, number][] = [];
    const olga = await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli', {
      onMigration: (done, total) => progress.push([done, total]),
    });
    expect(progress.at(-1)?.[0]).toBe(3);
    // Every own key, the trashed item's too, is now format 2 (under the vault key).
    expect(Object.values(await ownWrappedKeys(olga, all)).map(format)).toEqual([2, 2, 2]);
    expect((await olga.readSecret(ids.db)).payload.value).toBe('db value 2');
    expect((await olga.readSecret(ids.db, 1)).payload.value).toBe('db value 1');
    expect((await olga.readSecret(ids.api)).payload.value).toBe('api value');
    expect((await olga.readSecret(ids.old)).payload.value).toBe('trashed value');
    const added = await olga.createSecret({ name: 'new', type: 'note', payload: { value: 'after' } });
    expect(format((await ownWrappedKeys(olga, [added.id]))[added.id])).toBe(2);

    // The next sign-in opens the stored vault key and has nothing left to re-wrap.
    const again = await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli', {
      onMigration: () => {
        throw new Error('a second sign-in migrated again');
      },
    });
    expect((await again.readSecret(added.id)).payload.value).toBe('after');
    expect((await again.rewrapLegacyKeys()).rewrapped).toBe(0);
    const [{ count }] = (await t.sql<{ count: number }>(
      "select count(*) as count from audit where operation = 'adoptVaultKey' and status = 'ok'",
    )) as [{ count: number }];
    expect(Number(count)).toBe(1);
  });

  it('keeps what a contact shared with it wrapped to its public key, and still opens it', async () => {
    const { admin } = await legacyVault();
    const bob = (await addUser(t, admin, 'bob')).session;
    const mine = await bob.createSecret({ name: 'for olga', type: 'login', payload: { value: 'from bob' } });
    await bob.sharing.share(mine.id, await bob.sharing.addContact(await bob.sharing.find('olga')), 'read');
    const olga = await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli');
    const read = await olga.client.request('readSecret', { id: mine.id });
    expect(format(read.wrappedKey)).toBe(1);
    expect((await olga.readSecret(mine.id)).payload.value).toBe('from bob');
  });

  it('ends with one vault key when two devices sign in for the first time at once', async () => {
    const { ids } = await legacyVault();
    const [a, b] = await Promise.all([
      VaultSession.login(t.client(), 'olga', PASSWORD, 'desktop'),
      VaultSession.login(t.client(), 'olga', PASSWORD, 'cli'),
    ]);
    const fromA = await a.createSecret({ name: 'a', type: 'note', payload: { value: 'written on a' } });
    const fromB = await b.createSecret({ name: 'b', type: 'note', payload: { value: 'written on b' } });
    expect((await b.readSecret(fromA.id)).payload.value).toBe('written on a');
    expect((await a.readSecret(fromB.id)).payload.value).toBe('written on b');
    expect((await a.readSecret(ids.api)).payload.value).toBe('api value');
  });
});

describe('a vault key once made', () => {
  it('is re-sealed by a password change, which leaves every item’s wrapped key as it was', async () => {
    const { ids } = await legacyVault();
    const olga = await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli');
    const before = await ownWrappedKeys(olga, Object.values(ids));
    await olga.changePassword(PASSWORD, 'olga new password 456', kdf);
    const after = await VaultSession.login(t.client(), 'olga', 'olga new password 456', 'cli');
    expect(await ownWrappedKeys(after, Object.values(ids))).toEqual(before);
    expect((await after.readSecret(ids.db)).payload.value).toBe('db value 2');
  });

  it('is not dropped by a password change from a client that cannot re-seal it', async () => {
    const { legacyClient } = await legacyVault();
    await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli');
    const { keys } = await legacyLogin(legacyClient, 'olga', PASSWORD);
    const current = await prepareLogin(legacyClient, 'olga', PASSWORD);
    const { credentials } = await legacyCredentials('another password 789', kdf, keys);
    const refused = await legacyClient
      .request('changePassword', { currentAuthHash: current.authHash, credentials })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KeyholdError);
    expect(refused).toMatchObject({ code: 'bad_request', field: 'credentials.encryptedVaultKey' });
    expect((await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli')).user.username).toBe('olga');
  });

  it('leaves revocation rotating: the owner’s new key under the vault key, the revoked reader’s old key opening nothing current', async () => {
    const { admin, ids } = await legacyVault();
    const bob = await addUser(t, admin, 'bob');
    const olga = await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli');
    await olga.sharing.share(ids.api, await olga.sharing.addContact(await olga.sharing.find('bob')), 'read');
    const bobsCopy = await bob.session.client.request('readSecret', { id: ids.api });
    const { keyGeneration } = await olga.sharing.revoke(ids.api, bob.userId);
    expect(keyGeneration).toBe(2);
    expect(format((await ownWrappedKeys(olga, [ids.api]))[ids.api])).toBe(2);
    const current = await olga.client.request('readSecret', { id: ids.api });
    const unlocked = await prepareLogin(t.client(), 'bob', bob.password);
    const bobLogin = await t.client().request('login', {
      username: 'bob',
      authHash: unlocked.authHash,
      clientKind: 'cli',
    });
    const oldKey = e2e.unwrapContentKey(
      bobsCopy.wrappedKey,
      unlocked.open(bobLogin.encryptedPrivateKey),
      ids.api,
    );
    expect(() =>
      e2e.decryptItem(oldKey, current.value, { secretId: ids.api, version: current.valueVersion }),
    ).toThrow(/does not open/);
    expect((await olga.readSecret(ids.api)).payload.value).toBe('api value');
  });

  it('swaps an own wrapped key only while the server still holds the one re-wrapped, and never another user’s', async () => {
    const { admin, ids } = await legacyVault();
    const olga = await VaultSession.login(t.client(), 'olga', PASSWORD, 'cli');
    const held = (await ownWrappedKeys(olga, [ids.db]))[ids.db] as string;
    const stale = await olga.client.request('rewrapOwnKeys', {
      items: [{ id: ids.db, expected: held.replace(/^../, 'AQ'), wrappedKey: held }],
    });
    expect(stale).toEqual({ rewrapped: 0, skipped: 1 });
    const refused = await admin.client
      .request('rewrapOwnKeys', { items: [{ id: ids.db, expected: held, wrappedKey: held }] })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'not_found', field: 'items.0.id' });
    expect((await ownWrappedKeys(olga, [ids.db]))[ids.db]).toBe(held);
  });
});
