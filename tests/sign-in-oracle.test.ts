// Issue 17 §3: nothing tells an outsider which names exist, and nobody can lock the administrators out.
// Pre-login answers unknown names like real ones; every refused sign-in gets one answer; names are
// normalised once; lockouts are per name and address, back off, and spare the desktop window (IPC).
import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF_PARAMS } from '../client/crypto/index.ts';
import { createMachineIdentity, prepareLogin, type VaultSession } from '../client/index.ts';
import type { CallerInfo } from '../server/monitor/caller.ts';
import { manualClock } from './support/manual-clock.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

const K1 = TEST_KDF_PARAMS;
const K2 = { ...TEST_KDF_PARAMS, memoryKiB: 2048 };
const wrongHash = () => randomBytes(32).toString('base64');

async function authHashOf(name: string, password: string): Promise<string> {
  return (await prepareLogin(t.client(), name, password)).authHash;
}

/** A sign-in as the HTTPS API sees it: status and body, exactly as an outsider reads them. */
async function rawLogin(username: string, authHash: string) {
  const response = await t.fetch(`${t.server.url}/v1/op/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, authHash, clientKind: 'cli' }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A sign-in through the security monitor from a given address, or from the desktop window (IPC). */
function loginFrom(from: string, username: string, authHash: string) {
  const caller: CallerInfo =
    from === 'ipc'
      ? { token: null, opNumber: null, address: 'ipc', port: 0, transport: 'ipc' }
      : { token: null, opNumber: null, address: from, port: 40_000, transport: 'https' };
  return t.server.monitor.dispatch(caller, 'login', { username, authHash, clientKind: 'desktop' });
}

async function loginCodes(admin: VaultSession, userId?: string): Promise<(string | null)[]> {
  const audit = await admin.client.request('listAudit', {
    operation: 'login',
    status: 'denied',
    limit: 200,
    ...(userId && { userId }),
  });
  return audit.entries.map((e) => e.code);
}

describe('no oracle for names', () => {
  it('pre-login answers unknown names, machines and people alike, also after a KDF setting change', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', { patch: { kdf: K1 } });
    await addUser(t, admin, 'alice');
    await addUser(t, admin, 'bob');
    // A machine made as the window makes it: with the server's current parameters, like a person.
    await createMachineIdentity(admin.client, {
      username: 'ci-deploy',
      displayName: 'CI',
      server: t.server.url,
    });
    const client = t.client();
    const ask = (username: string) => client.request('prelogin', { username });
    const real = [];
    for (const name of [ADMIN.username, 'alice', 'bob', 'ci-deploy']) real.push(await ask(name));
    for (const answer of real) expect(answer.kdf).toEqual(K1);
    const unknownNames = Array.from({ length: 60 }, (_, i) => `ghost-${i}`);
    for (const name of unknownNames.slice(0, 20)) {
      const answer = await ask(name);
      expect(answer.kdf).toEqual(K1);
      expect(Buffer.from(answer.salt, 'base64')).toHaveLength(
        Buffer.from(real[0]?.salt ?? '', 'base64').length,
      );
      expect(await ask(name)).toEqual(answer);
    }

    // The setting changes: nobody has re-enrolled yet, so unknown names keep looking like everyone else.
    await admin.client.request('updateSettings', { patch: { kdf: K2 } });
    clock.advance(61_000);
    for (const name of unknownNames.slice(0, 30)) expect((await ask(name)).kdf).toEqual(K1);

    // One in five principals now uses the new parameters: unknown names get them too, in proportion
    // (measured over many names in server/auth/prelogin-decoy.test.ts), each name keeping its answer.
    const { enrollmentCode } = await admin.client.request('createUser', {
      username: 'carol',
      displayName: 'C',
      role: 'user',
    });
    const { VaultSession } = await import('../client/index.ts');
    await VaultSession.enroll(t.client(), 'carol', enrollmentCode, 'carol password 123', K2);
    clock.advance(61_000);
    expect((await ask('carol')).kdf).toEqual(K2);
    const askAll = async () => {
      const all = [];
      for (const name of unknownNames) all.push(await ask(name));
      return all;
    };
    const answers = await askAll();
    // Each of 60 names draws the new set with probability 1/5: none at all would happen once in 10^6 runs.
    expect(answers.some((a) => a.kdf.memoryKiB === K2.memoryKiB)).toBe(true);
    expect(answers.some((a) => a.kdf.memoryKiB === K1.memoryKiB)).toBe(true);
    expect(await askAll()).toEqual(answers);
  }, 90_000);

  it('wrong password, unknown name, disabled and locked accounts get one answer; the audit tells them apart', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const alice = await addUser(t, admin, 'alice');
    const erin = await addUser(t, admin, 'erin');
    const carol = await addUser(t, admin, 'carol');
    await admin.client.request('disableUser', { userId: erin.userId });
    for (let i = 0; i < 5; i++) await rawLogin('carol', wrongHash());

    const answers = {
      wrongPassword: await rawLogin('alice', wrongHash()),
      unknownName: await rawLogin('nobody-here', wrongHash()),
      disabledRightPassword: await rawLogin('erin', await authHashOf('erin', erin.password)),
      disabledWrongPassword: await rawLogin('erin', wrongHash()),
      lockedRightPassword: await rawLogin('carol', await authHashOf('carol', carol.password)),
    };
    for (const answer of Object.values(answers)) expect(answer).toEqual(answers.wrongPassword);
    expect(answers.wrongPassword).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_credentials' } },
    });

    expect(await loginCodes(admin, alice.userId)).toContain('invalid_credentials');
    expect(await loginCodes(admin, erin.userId)).toContain('account_disabled');
    expect(await loginCodes(admin, carol.userId)).toEqual(
      expect.arrayContaining(['locked_out', 'account_locked']),
    );
  });

  it('padded and re-cased names draw on one per-user sign-in budget', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await addUser(t, admin, 'alice');
    await admin.client.request('updateSettings', {
      patch: { rateLimits: { login: { perUserPerMinute: 3, perAddressPerMinute: 1000 } } },
    });
    const variants = ['alice', ' alice', 'ALICE ', '\talice', 'Alice', '  aLiCe  '];
    const statuses = [];
    for (const name of variants) statuses.push((await rawLogin(name, wrongHash())).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    const audit = await admin.client.request('listAudit', {
      operation: 'login',
      status: 'denied',
      limit: 50,
    });
    expect(audit.entries.map((e) => e.code)).toContain('rate_limited_login_user');
  });

  it('createSecret and stageImport with someone else’s id answer as for an id that does not exist', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: alice } = await addUser(t, admin, 'alice');
    const { session: bob, userId: bobId } = await addUser(t, admin, 'bob');
    const { id } = await alice.createSecret({ name: 'alice only', type: 'note', payload: { value: 'x' } });
    const nowhere = randomUUID();
    const readMissing = await bob.client.call('readSecret', { id: nowhere });
    const value = Buffer.alloc(48, 1).toString('base64');
    const wrappedKey = Buffer.alloc(48, 2).toString('base64');
    const create = await bob.client.call('createSecret', {
      id,
      name: 'probe',
      type: 'note',
      value,
      wrappedKey,
    });
    expect(readMissing).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no such secret' } });
    expect(create).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no such secret' } });
    const { importId } = await bob.client.request('beginImport', {});
    const staged = await bob.client.call('stageImport', {
      importId,
      items: [{ id, name: 'probe', type: 'note', value, wrappedKey }],
    });
    expect(staged).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no such secret' } });
    const audit = await admin.client.request('listAudit', { userId: bobId, status: 'denied', limit: 20 });
    expect(audit.entries.map((e) => [e.operation, e.code])).toEqual(
      expect.arrayContaining([
        ['createSecret', 'not_owner'],
        ['stageImport', 'not_owner'],
      ]),
    );
    // Alice's own id is a conflict for her (she knows it exists), and her secret is untouched.
    expect(
      await alice.client.call('createSecret', { id, name: 'again', type: 'note', value, wrappedKey }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await alice.readSecret(id)).name).toBe('alice only');
  });
});

describe('lockout cannot lock the administrators out', () => {
  it('guessing from one address locks that address alone, for longer each time', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    const right = await authHashOf(ADMIN.username, ADMIN.password);
    const attacker = '203.0.113.9';
    for (let i = 0; i < 5; i++) await loginFrom(attacker, ADMIN.username, wrongHash());
    // The attacker's address is locked out of the name, even with the right password...
    expect(await loginFrom(attacker, ADMIN.username, right)).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    // ...while the administrator, elsewhere, signs in.
    expect(await loginFrom('198.51.100.20', ADMIN.username, right)).toMatchObject({ ok: true });
    expect(await loginCodes(admin, admin.user.id)).toEqual(
      expect.arrayContaining(['locked_out', 'account_locked']),
    );
    // Back-off: the second lock lasts twice as long (30 minutes, not 15).
    clock.advance(15 * 60_000 + 1000);
    for (let i = 0; i < 5; i++) await loginFrom(attacker, ADMIN.username, wrongHash());
    clock.advance(15 * 60_000 + 1000);
    expect((await loginFrom(attacker, ADMIN.username, right)).ok).toBe(false);
    clock.advance(15 * 60_000);
    expect((await loginFrom(attacker, ADMIN.username, right)).ok).toBe(true);
  });

  it('guessing spread over many addresses locks the name on the network, never in the desktop window', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', {
      patch: { rateLimits: { login: { perUserPerMinute: 1000, perAddressPerMinute: 1000 } } },
    });
    const right = await authHashOf(ADMIN.username, ADMIN.password);
    // 4 addresses × 5 failures: each address locked, and the name locked from everywhere on the network.
    for (let a = 0; a < 4; a++) {
      for (let i = 0; i < 5; i++) await loginFrom(`203.0.113.${a + 1}`, ADMIN.username, wrongHash());
    }
    expect(await loginFrom('198.51.100.20', ADMIN.username, right)).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    // The administrator at the host's window still gets in (local IPC is not the network).
    const desk = await loginFrom('ipc', ADMIN.username, right);
    expect(desk).toMatchObject({ ok: true, value: { user: { username: ADMIN.username } } });
    expect(await loginCodes(admin, admin.user.id)).toEqual(
      expect.arrayContaining(['locked_out', 'account_locked']),
    );
    // And can lift the lock for everyone.
    await admin.client.request('unlockUser', { userId: admin.user.id });
    expect(await loginFrom('198.51.100.20', ADMIN.username, right)).toMatchObject({ ok: true });
    expect(await loginFrom('203.0.113.1', ADMIN.username, right)).toMatchObject({ ok: true });
  });
});
