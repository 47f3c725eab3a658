// Sharing end to end: contacts pinned by key, grants read-only and read-write, revocation with key
// rotation, a server that swaps a public key, machine identities; every refusal audited.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMachineIdentity,
  e2e,
  KeyChangedError,
  KeyholdError,
  prepareLogin,
  VaultSession as Session,
  type VaultSession,
} from '../client/index.ts';
import { findUserById, updateUserData } from '../server/users/users-repo.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

const SHARED_VALUE = 'shared-marker-4f1d9a-value';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

async function people() {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const alice = await addUser(t, admin, 'alice');
  const bob = await addUser(t, admin, 'bob');
  const carol = await addUser(t, admin, 'carol');
  return {
    admin,
    alice: alice.session,
    bob: bob.session,
    carol: carol.session,
    carolPassword: carol.password,
  };
}

async function contactOf(owner: VaultSession, username: string) {
  return owner.sharing.addContact(await owner.sharing.find(username));
}

async function lastAudit(operation: string, userId: string) {
  const [row] = await t.sql<{ status: string; code: string | null; target: string | null }>(
    'select status, code, target from audit where operation = ? and user_id = ? order by seq desc limit 1',
    operation,
    userId,
  );
  return row;
}

/** A user's private key, as their own client opens it (the test plays Carol holding her own keys). */
async function privateKeyOf(username: string, password: string): Promise<Uint8Array> {
  const client = t.client();
  const unlocked = await prepareLogin(client, username, password);
  const { encryptedPrivateKey } = await client.request('login', {
    username,
    authHash: unlocked.authHash,
    clientKind: 'cli',
  });
  return unlocked.open(encryptedPrivateKey);
}

describe('contacts', () => {
  it('adds by name with display name, role and fingerprint; counts grants both ways; searches; removes', async () => {
    const { alice, bob } = await people();
    const bobAsContact = await contactOf(alice, 'bob');
    expect(bobAsContact).toMatchObject({ username: 'bob', displayName: 'bob', role: 'user', kind: 'person' });
    expect(bobAsContact.fingerprint).toBe(bob.fingerprint);
    expect(bobAsContact.keyChanged).toBe(false);
    const aliceAsContact = await contactOf(bob, 'alice');

    const mine = await alice.createSecret({ name: 'alice db', type: 'login', payload: { value: 'a' } });
    const his = await bob.createSecret({ name: 'bob api', type: 'api_key', payload: { value: 'b' } });
    await alice.sharing.share(mine.id, bobAsContact, 'read');
    await bob.sharing.share(his.id, aliceAsContact, 'write');

    const [listed] = await alice.sharing.contacts();
    expect(listed).toMatchObject({ username: 'bob', sharedByMe: 1, sharedWithMe: 1 });
    expect(listed?.lastActivity).not.toBeNull();
    const thread = await alice.sharing.thread(bob.user.id);
    expect(thread.grants.map((g) => [g.secretName, g.direction, g.permission])).toEqual([
      ['bob api', 'in', 'write'],
      ['alice db', 'out', 'read'],
    ]);
    expect(await alice.sharing.contacts('BO')).toHaveLength(1);
    expect(await alice.sharing.contacts('nobody')).toHaveLength(0);
    await alice.sharing.removeContact(bob.user.id);
    expect(await alice.sharing.contacts()).toEqual([]);
    await expect(alice.sharing.find('alice')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(alice.sharing.find('no-such-user')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('sharing a secret', () => {
  it('Bob reads what Alice shared in his own client; Carol is refused, audited, and cannot decrypt even with the file and Bob’s key', async () => {
    const { alice, bob, carol, carolPassword } = await people();
    const { id } = await alice.createSecret({
      name: 'prod db',
      type: 'login',
      payload: { value: SHARED_VALUE },
    });
    await alice.sharing.share(id, await contactOf(alice, 'bob'), 'read');

    expect((await bob.readSecret(id)).payload.value).toBe(SHARED_VALUE);
    const shared = await bob.sharing.sharedWithMe();
    expect(shared.items.map((i) => [i.name, i.permission, i.ownerName])).toEqual([
      ['prod db', 'read', 'alice'],
    ]);
    expect(await lastAudit('readSecret', bob.user.id)).toMatchObject({ status: 'ok', target: id });

    const refused = await carol.client.call('readSecret', { id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await lastAudit('readSecret', carol.user.id)).toMatchObject({
      status: 'denied',
      code: 'not_owner',
    });

    // Carol with the whole database file and Bob's wrapped key, opened with her own private key: nothing.
    const bobsCopy = await bob.client.request('readSecret', { id });
    const carolKey = await privateKeyOf('carol', carolPassword);
    expect(() => e2e.unwrapContentKey(bobsCopy.wrappedKey, carolKey, id)).toThrow();
    expect((await t.databaseBytes()).includes(SHARED_VALUE)).toBe(false);
    expect((await t.databaseBytes()).includes(bobsCopy.wrappedKey)).toBe(false);
    expect(t.logText()).not.toContain(SHARED_VALUE);
  });

  it('a read-only recipient may not write or share on; a read-write one writes versions the owner reads', async () => {
    const { alice, bob, carol } = await people();
    const { id } = await alice.createSecret({ name: 'token', type: 'api_key', payload: { value: 'v1' } });
    await alice.sharing.share(id, await contactOf(alice, 'bob'), 'read');

    await expect(bob.updateSecret(id, 1, { payload: { value: 'bob was here' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await lastAudit('updateSecret', bob.user.id)).toMatchObject({
      status: 'denied',
      code: 'insufficient_grant',
    });
    await expect(bob.sharing.share(id, await contactOf(bob, 'carol'), 'read')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await lastAudit('shareSecret', bob.user.id)).toMatchObject({ status: 'denied' });

    await alice.sharing.share(id, await contactOf(alice, 'bob'), 'write');
    await bob.updateSecret(id, 1, { payload: { value: 'v2 by bob' } });
    expect(await lastAudit('updateSecret', bob.user.id)).toMatchObject({ status: 'ok', target: id });
    expect((await alice.readSecret(id)).payload.value).toBe('v2 by bob');
    // Renaming stays the owner's.
    await expect(bob.updateSecret(id, 2, { name: 'mine now' })).rejects.toMatchObject({ code: 'forbidden' });
    // A read-write recipient may share on; Carol then reads in her own client.
    await bob.sharing.share(id, await contactOf(bob, 'carol'), 'read');
    expect((await carol.readSecret(id)).payload.value).toBe('v2 by bob');
    // Only the owner deletes.
    await expect(bob.client.request('deleteSecret', { id })).rejects.toBeInstanceOf(KeyholdError);
  });

  it('a secret in the owner’s trash is out of the recipients’ reach until restored', async () => {
    const { alice, bob } = await people();
    const { id } = await alice.createSecret({ name: 'binned', type: 'note', payload: { value: 'x' } });
    await alice.sharing.share(id, await contactOf(alice, 'bob'), 'write');
    await alice.client.request('deleteSecret', { id });
    expect(await bob.client.call('readSecret', { id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await lastAudit('readSecret', bob.user.id)).toMatchObject({ status: 'denied', code: 'in_trash' });
    expect((await bob.sharing.sharedWithMe()).items).toEqual([]);
    await alice.client.request('undeleteSecret', { id });
    expect((await bob.readSecret(id)).payload.value).toBe('x');
  });

  it('shares a whole folder', async () => {
    const { alice, bob } = await people();
    for (const name of ['one', 'two', 'three']) {
      await alice.createSecret({ name, path: '/team/prod', type: 'note', payload: { value: name } });
    }
    await alice.createSecret({ name: 'private', path: '/mine', type: 'note', payload: { value: 'x' } });
    expect(await alice.sharing.shareFolder('/team', await contactOf(alice, 'bob'), 'read')).toBe(3);
    expect((await bob.sharing.sharedWithMe()).items.map((i) => i.name).sort()).toEqual([
      'one',
      'three',
      'two',
    ]);
  });
});

describe('revoking', () => {
  it('removes the grant at once and rotates the key: Bob’s old wrapped key opens no stored or later version', async () => {
    const { alice, bob } = await people();
    const { id } = await alice.createSecret({
      name: 'rotating',
      type: 'login',
      payload: { value: 'before' },
    });
    await alice.updateSecret(id, 1, { payload: { value: SHARED_VALUE } });
    await alice.sharing.share(id, await contactOf(alice, 'bob'), 'read');
    const oldCopy = await bob.client.request('readSecret', { id });
    const bobKey = await privateKeyOf('bob', 'bob password 123');
    const oldContentKey = e2e.unwrapContentKey(oldCopy.wrappedKey, bobKey, id);

    const { keyGeneration } = await alice.sharing.revoke(id, bob.user.id);
    expect(keyGeneration).toBe(2);
    expect(await bob.client.call('readSecret', { id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await lastAudit('readSecret', bob.user.id)).toMatchObject({ status: 'denied', code: 'not_owner' });

    // The owner still reads every version, now under the new key.
    expect((await alice.readSecret(id, 1)).payload.value).toBe('before');
    expect((await alice.readSecret(id)).payload.value).toBe(SHARED_VALUE);
    await alice.updateSecret(id, 2, { payload: { value: 'after revoke' } });
    for (const version of [1, 2, 3]) {
      const { value } = await alice.client.request('readSecret', { id, version });
      expect(() => e2e.decryptItem(oldContentKey, value, { secretId: id, version })).toThrow();
    }
  });

  it('rotation refuses to leave a version or a reader behind', async () => {
    const { alice, bob } = await people();
    const { id } = await alice.createSecret({ name: 's', type: 'note', payload: { value: 'x' } });
    await alice.sharing.share(id, await contactOf(alice, 'bob'), 'read');
    const grants = await alice.sharing.grants(id);
    const current = await alice.client.request('readSecret', { id });
    const result = await alice.client.call('rotateSecretKey', {
      id,
      expectedVersion: current.version,
      expectedGeneration: grants.keyGeneration,
      values: [{ version: 1, value: current.value }],
      wrappedKeys: [{ principalId: alice.user.id, wrappedKey: current.wrappedKey }],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'wrappedKeys' } });
    expect((await bob.readSecret(id)).payload.value).toBe('x');
  });
});

describe('a public key swapped by the server', () => {
  it('is flagged on the contact and nothing is wrapped to it until the owner re-pins', async () => {
    const { alice, bob } = await people();
    const bobContact = await contactOf(alice, 'bob');
    const { id } = await alice.createSecret({
      name: 'target',
      type: 'note',
      payload: { value: SHARED_VALUE },
    });

    // The server (or whoever holds it) replaces Bob's public key with one it controls.
    const attacker = e2e.generateUserKeyPair();
    const { keyring, store } = t.server.state;
    if (!keyring) throw new Error('sealed');
    const bobRecord = await findUserById(store, keyring, bob.user.id);
    if (!bobRecord) throw new Error('no bob');
    await store.transaction((trx) =>
      updateUserData(
        trx,
        keyring,
        bobRecord,
        { ...bobRecord, publicKey: e2e.toBase64(attacker.publicKey) },
        new Date().toISOString(),
      ),
    );
    t.server.app.sessions.clear();

    const [listed] = await alice.sharing.contacts();
    expect(listed?.keyChanged).toBe(true);
    expect(listed?.fingerprint).toBe(e2e.fingerprint(attacker.publicKey));
    await expect(alice.sharing.share(id, listed ?? bobContact, 'read')).rejects.toBeInstanceOf(
      KeyChangedError,
    );
    expect((await alice.sharing.grants(id)).grants).toEqual([]);

    // After comparing fingerprints out of band, the owner may accept the new key explicitly.
    const repinned = await alice.sharing.acceptNewKey(listed ?? bobContact);
    expect(repinned.keyChanged).toBe(false);
  });
});

describe('machine identities', () => {
  it('a token file signs the machine in; it reads what is granted to it, nothing else; revoking ends it at once', async () => {
    const { alice, bob } = await people();
    const { token, principal } = await createMachineIdentity(alice.client, {
      username: 'ci-deploy',
      displayName: 'CI deploy',
      server: t.server.url,
      kdf: { algorithm: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1 },
    });
    expect(principal.kind).toBe('machine');
    const granted = await alice.createSecret({
      name: 'deploy key',
      type: 'api_key',
      payload: { value: SHARED_VALUE },
    });
    const other = await alice.createSecret({ name: 'not for ci', type: 'note', payload: { value: 'no' } });
    const machineContact = await contactOf(alice, 'ci-deploy');
    expect(machineContact.kind).toBe('machine');
    await alice.sharing.share(granted.id, machineContact, 'read');

    const machine = await Session.loginWithToken(t.client(), token);
    expect((await machine.readSecret(granted.id)).payload.value).toBe(SHARED_VALUE);
    expect(await machine.client.call('readSecret', { id: other.id })).toMatchObject({ ok: false });
    expect((await alice.client.request('listMachineIdentities', {})).machines.map((m) => m.username)).toEqual(
      ['ci-deploy'],
    );
    // Bob cannot revoke Alice's machine.
    expect(await bob.client.call('revokeMachineIdentity', { userId: principal.userId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await lastAudit('revokeMachineIdentity', bob.user.id)).toMatchObject({
      status: 'denied',
      code: 'not_owner',
    });

    const machineKey = e2e.fromBase64(token.privateKey);
    const before = await machine.client.request('readSecret', { id: granted.id });
    const oldContentKey = e2e.unwrapContentKey(before.wrappedKey, machineKey, granted.id);
    expect(await alice.sharing.revokeMachine(principal.userId)).toEqual({ rotated: 1 });
    expect(await machine.client.call('readSecret', { id: granted.id })).toMatchObject({ ok: false });
    // The token file's private key, with the wrapped key it had, opens nothing the server now holds.
    const { value } = await alice.client.request('readSecret', { id: granted.id });
    expect(() => e2e.decryptItem(oldContentKey, value, { secretId: granted.id, version: 1 })).toThrow();
    expect((await alice.readSecret(granted.id)).payload.value).toBe(SHARED_VALUE);
    // A revoked machine gets the answer a wrong secret gets (see tests/sign-in-oracle.test.ts).
    await expect(Session.loginWithToken(t.client(), token)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(t.logText()).not.toContain(token.secret);
    expect((await t.databaseBytes()).includes(token.secret)).toBe(false);
  });
});
