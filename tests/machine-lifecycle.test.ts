// Issue 17 §4: machine identities live and die with their owner. Machines cannot make machines; disabling
// a person or revoking a machine ends the sessions and sign-ins of every machine it owns, at once, on
// every node sharing the store.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { createMachineIdentity, type MachineToken, VaultSession } from '../client/index.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.ts';
import { retagUser } from './support/retag-row.ts';
import {
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

async function makeMachine(t: TestServer, owner: VaultSession, username: string): Promise<MachineToken> {
  const { token } = await createMachineIdentity(owner.client, {
    username,
    displayName: username,
    server: t.server.url,
    kdf: TEST_KDF_PARAMS,
  });
  return token;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

async function auditCodes(admin: VaultSession, operation: string, userId: string) {
  const audit = await admin.client.request('listAudit', { operation, userId, limit: 50 });
  return audit.entries.map((e) => `${e.status}:${e.code ?? ''}`);
}

describe('machine identities live and die with their owner', () => {
  let t: TestServer;
  afterEach(async () => {
    await t?.stop();
  });

  it('a machine cannot create a machine; the refusal is audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice } = await addUser(t, admin, 'alice');
    const token = await makeMachine(t, alice, 'ci-build');
    const machine = await VaultSession.loginWithToken(t.client(), token);
    const refused = await codeOf(
      createMachineIdentity(machine.client, {
        username: 'ci-spawned',
        displayName: 'spawned',
        server: t.server.url,
        kdf: TEST_KDF_PARAMS,
      }),
    );
    expect(refused).toBe('forbidden');
    expect(await auditCodes(admin, 'createMachineIdentity', token.userId)).toContain(
      'denied:machine_creates_machine',
    );
    const users = await admin.client.request('listUsers', { query: 'ci-spawned' });
    expect(users.users).toEqual([]);
  });

  it('disabling a person ends their machines’ sessions at once and refuses their sign-ins until enabled again', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice, userId: aliceId } = await addUser(t, admin, 'alice');
    const token = await makeMachine(t, alice, 'ci-deploy');
    // A machine made by a machine, as servers before this change allowed: it goes with its maker's owner.
    const grandchild = await makeMachine(t, alice, 'ci-legacy');
    await t.sql('update users set owner_id = ? where id = ?', token.userId, grandchild.userId);
    await retagUser(t, grandchild.userId);
    const machine = await VaultSession.loginWithToken(t.client(), token);
    const legacy = await VaultSession.loginWithToken(t.client(), grandchild);

    await admin.client.request('disableUser', { userId: aliceId });
    expect(await machine.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await legacy.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await codeOf(VaultSession.loginWithToken(t.client(), token))).toBe('invalid_credentials');
    expect(await codeOf(VaultSession.loginWithToken(t.client(), grandchild))).toBe('invalid_credentials');
    expect(await auditCodes(admin, 'login', token.userId)).toContain('denied:account_disabled');
    expect(await auditCodes(admin, 'whoami', token.userId)).toContain('denied:session_ended');

    await admin.client.request('enableUser', { userId: aliceId });
    expect(await codeOf(VaultSession.loginWithToken(t.client(), token))).toBe('ok');
  });

  it('revoking a machine ends the machines it made, sessions and sign-ins', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice } = await addUser(t, admin, 'alice');
    const parent = await makeMachine(t, alice, 'ci-parent');
    const child = await makeMachine(t, alice, 'ci-child');
    await t.sql('update users set owner_id = ? where id = ?', parent.userId, child.userId);
    await retagUser(t, child.userId);
    const childSession = await VaultSession.loginWithToken(t.client(), child);
    await alice.client.request('revokeMachineIdentity', { userId: parent.userId });
    expect(await childSession.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await codeOf(VaultSession.loginWithToken(t.client(), child))).toBe('invalid_credentials');
    expect(await auditCodes(admin, 'login', child.userId)).toContain('denied:account_disabled');
  });
});

describePostgres('machines and their owner across two nodes', () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let bDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('keyhold_machines');
    a = await startTestServer({ database: { url: database.url }, nodeName: 'node-a' });
    await initAndLoginAdmin(a);
    bDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-test-b-'));
    cpSync(path.join(a.dataDir, 'tls'), path.join(bDir, 'tls'), { recursive: true });
    b = await startTestServer({ database: { url: database.url }, nodeName: 'node-b', dataDir: bDir });
    await b.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    if (bDir) rmSync(bDir, { recursive: true, force: true });
    await database?.drop();
  });

  it('disabling the owner through one node ends the machine’s session on the other at its next request', async () => {
    const admin = await VaultSession.login(a.client(), 'root-admin', 'correct horse battery staple', 'cli');
    const { session: alice, userId: aliceId } = await addUser(a, admin, 'alice');
    const token = await makeMachine(a, alice, 'ci-deploy');
    const onB = await VaultSession.loginWithToken(b.client(), token);
    expect((await onB.client.call('whoami', {})).ok).toBe(true);
    await admin.client.request('disableUser', { userId: aliceId });
    expect(await onB.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await codeOf(VaultSession.loginWithToken(b.client(), token))).toBe('invalid_credentials');
    expect(await auditCodes(admin, 'login', token.userId)).toContain('denied:account_disabled');
  });
});
