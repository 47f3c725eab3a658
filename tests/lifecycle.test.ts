// Init, seal, unseal (passphrase and key shares), restart, and keyring rotation, through the real server.
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import {
  ADMIN,
  initAndLoginAdmin,
  kdf,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

describe('server lifecycle', () => {
  it('a new server answers status and init only', async () => {
    t = await startTestServer();
    const client = t.client();
    expect(await client.request('status', {})).toMatchObject({ initialized: false, sealed: true });
    const refused = await client.call('prelogin', { username: 'someone' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_initialized' } });
  });

  it('init with a passphrase leaves the server unsealed with a first admin who can sign in', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    expect(admin.user).toMatchObject({ username: ADMIN.username, role: 'admin' });
    expect(await t.client().request('status', {})).toMatchObject({
      initialized: true,
      sealed: false,
      method: 'passphrase',
    });
    const again = await VaultSession.initialize(t.client(), {
      unseal: { method: 'passphrase', passphrase: 'another long passphrase' },
      admin: { ...ADMIN, username: 'intruder' },
      kdf,
    }).catch((e: { code: string }) => e.code);
    expect(again).toBe('already_initialized');
  });

  it('sealed, it refuses everything but status and unseal; the wrong passphrase is refused and audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({
      name: 'kept',
      type: 'note',
      payload: { value: 'survives sealing' },
    });
    await admin.client.request('seal', {});
    const anon = t.client();
    expect(await anon.request('status', {})).toMatchObject({ sealed: true });
    for (const [op, input] of [
      ['prelogin', { username: ADMIN.username }],
      ['listSecrets', {}],
    ] as const) {
      expect(await anon.call(op, input)).toMatchObject({
        ok: false,
        error: { code: 'sealed', message: expect.stringMatching(/sealed/) },
      });
    }
    expect(await admin.client.call('whoami', {})).toMatchObject({ ok: false, error: { code: 'sealed' } });
    expect(await anon.call('unseal', { passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(await anon.request('unseal', { passphrase: UNSEAL_PASSPHRASE })).toMatchObject({ sealed: false });
    // Sessions live on across a seal: the admin carries on, and the secret is intact.
    expect((await admin.readSecret(id)).payload.value).toBe('survives sealing');
    const audit = await admin.client.request('listAudit', { operation: 'unseal', limit: 10 });
    expect(audit.entries.map((e) => [e.status, e.code])).toContainEqual(['denied', 'unseal_failed']);
  });

  it('starts sealed after a restart and keeps every secret', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({
      name: 'db',
      path: '/prod',
      type: 'login',
      payload: { value: 'pa55' },
    });
    await t.restart();
    const client = t.client();
    expect(await client.request('status', {})).toMatchObject({ initialized: true, sealed: true });
    await client.request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    const again = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    expect((await again.readSecret(id)).payload.value).toBe('pa55');
    expect((await again.client.request('searchSecrets', { query: 'db' })).items.map((i) => i.id)).toEqual([
      id,
    ]);
  });

  it('unseals with any 3 of 5 key shares, one at a time, and not with 2', async () => {
    t = await startTestServer();
    const init = await VaultSession.initialize(t.client(), {
      unseal: { method: 'shares', shares: 5, threshold: 3 },
      admin: ADMIN,
      kdf,
    });
    const shares = init.shares ?? [];
    expect(shares).toHaveLength(5);
    await t.restart();
    const client = t.client();
    expect(await client.request('unseal', { share: shares[4] as string })).toMatchObject({
      sealed: true,
      progress: 1,
    });
    expect(await client.request('unseal', { share: shares[1] as string })).toMatchObject({
      sealed: true,
      progress: 2,
    });
    expect(await client.call('prelogin', { username: ADMIN.username })).toMatchObject({
      ok: false,
      error: { code: 'sealed' },
    });
    expect(await client.request('unseal', { share: shares[2] as string })).toMatchObject({
      sealed: false,
      threshold: 3,
    });
  });

  it('refuses a corrupted share and starts counting again', async () => {
    t = await startTestServer();
    const init = await VaultSession.initialize(t.client(), {
      unseal: { method: 'shares', shares: 3, threshold: 2 },
      admin: ADMIN,
      kdf,
    });
    const shares = init.shares ?? [];
    await t.restart();
    const client = t.client();
    const bad = (shares[0] as string).replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    await client.request('unseal', { share: bad });
    expect(await client.call('unseal', { share: shares[1] as string })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(await client.request('status', {})).toMatchObject({ sealed: true, progress: 0 });
    await client.request('unseal', { share: shares[0] as string });
    expect(await client.request('unseal', { share: shares[1] as string })).toMatchObject({ sealed: false });
  });

  it('rotates the keyring: old data still reads, new writes use the new term, across a restart', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const before = await admin.createSecret({ name: 'before', type: 'note', payload: { value: 'old term' } });
    expect(await admin.client.request('rotateKeyring', {})).toEqual({ term: 2 });
    const after = await admin.createSecret({ name: 'after', type: 'note', payload: { value: 'new term' } });
    await t.restart();
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    const again = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    expect((await again.readSecret(before.id)).payload.value).toBe('old term');
    expect((await again.readSecret(after.id)).payload.value).toBe('new term');
    expect(await t.client().request('status', {})).toMatchObject({ keyringTerm: 2 });
  });
});
