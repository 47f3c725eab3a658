// The clients screen's operations against a real server: sessions open now, ending them, the login
// history and its filters, who may do what (each refusal audited), and the reachability check.
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyholdClient, VaultSession } from '../client/index.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

let t: TestServer;
let admin: VaultSession;
let alice: { session: VaultSession; userId: string; password: string };
let mod: VaultSession;
let plain: VaultSession;
const started = new Date().toISOString();

beforeAll(async () => {
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
  alice = await addUser(t, admin, 'alice');
  mod = (await addUser(t, admin, 'molly', 'moderator')).session;
  plain = (await addUser(t, admin, 'pete')).session;
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

/** The newest audit entry for an operation, as an administrator reads it. */
async function lastAudit(operation: string) {
  const { entries } = await admin.client.request('listAudit', { operation, limit: 1 });
  return entries[0];
}

async function clientsOf(client: KeyholdClient, userId?: string) {
  return (await client.request('listClients', userId ? { userId } : {})).clients;
}

describe('connected clients', () => {
  it('lists every open session with who, kind, address, port and how many requests it made', async () => {
    const web = await VaultSession.login(t.client(), 'alice', alice.password, 'web');
    const before = (await clientsOf(admin.client, alice.userId)).find((c) => c.sessionId === web.sessionId);
    expect(before).toMatchObject({
      username: 'alice',
      displayName: 'alice',
      identity: 'person',
      role: 'user',
      clientKind: 'web',
      address: expect.stringMatching(/127\.0\.0\.1$/),
      current: false,
    });
    expect(before?.port).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await web.client.request('listSecrets', {});
    const after = (await clientsOf(admin.client)).find((c) => c.sessionId === web.sessionId);
    expect(after?.operations).toBe((before?.operations ?? 0) + 3);
    expect(Date.parse(after?.lastSeenAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before?.lastSeenAt ?? ''));

    const all = await clientsOf(admin.client);
    const kinds = all.filter((c) => c.userId === alice.userId).map((c) => c.clientKind);
    expect(kinds.sort()).toEqual(['cli', 'web']);
    // The caller's own session is marked, and only that one.
    expect(all.filter((c) => c.current).map((c) => c.sessionId)).toEqual([admin.sessionId]);
  });

  it('counts the requests of several sessions served at once, each to its own session', async () => {
    const sessions = await Promise.all(
      ['web', 'cli', 'desktop'].map((kind) =>
        VaultSession.login(t.client(), 'alice', alice.password, kind as 'web' | 'cli' | 'desktop'),
      ),
    );
    const operations = async () => {
      const listed = await clientsOf(admin.client, alice.userId);
      return sessions.map((s) => listed.find((c) => c.sessionId === s.sessionId)?.operations ?? -1);
    };
    const before = await operations();
    // Concurrent requests of the three sessions: their audit entries and session updates share commits.
    await Promise.all(
      sessions.flatMap((s, i) => Array.from({ length: i + 2 }, () => s.client.request('listSecrets', {}))),
    );
    expect(await operations()).toEqual(before.map((n, i) => n + i + 2));
  });

  it('an admin ends one session: that client is refused at once, the other goes on, the list updates', async () => {
    const web = await VaultSession.login(t.client(), 'alice', alice.password, 'web');
    expect(await admin.client.request('endClientSession', { sessionId: web.sessionId })).toEqual({
      ended: true,
    });
    expect(await codeOf(web.client.request('listSecrets', {}))).toBe('unauthenticated');
    expect(await lastAudit('listSecrets')).toMatchObject({
      status: 'denied',
      code: 'session_ended',
      sessionId: web.sessionId,
    });
    expect(await codeOf(alice.session.client.request('listSecrets', {}))).toBe('ok');
    const ids = (await clientsOf(admin.client)).map((c) => c.sessionId);
    expect(ids).not.toContain(web.sessionId);
    expect(ids).toContain(alice.session.sessionId);
    expect(await lastAudit('endClientSession')).toMatchObject({
      status: 'ok',
      target: web.sessionId,
    });
    // Ending it again changes nothing and says so.
    expect(await admin.client.request('endClientSession', { sessionId: web.sessionId })).toEqual({
      ended: false,
    });
  });

  it('ends all of a user’s sessions', async () => {
    const bob = await addUser(t, admin, 'bob');
    await VaultSession.login(t.client(), 'bob', bob.password, 'web');
    expect(await clientsOf(admin.client, bob.userId)).toHaveLength(2);
    expect(await admin.client.request('endUserSessions', { userId: bob.userId })).toEqual({ ended: 2 });
    expect(await clientsOf(admin.client, bob.userId)).toEqual([]);
    expect(await codeOf(bob.session.client.request('whoami', {}))).toBe('unauthenticated');
  });

  it('a moderator lists clients but may not end a session; the refusal is audited', async () => {
    expect((await clientsOf(mod.client)).length).toBeGreaterThanOrEqual(3);
    const result = await mod.client.call('endClientSession', { sessionId: alice.session.sessionId });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await lastAudit('endClientSession')).toMatchObject({
      status: 'denied',
      code: 'forbidden',
      userId: mod.user.id,
      target: null,
    });
    expect(await codeOf(alice.session.client.request('whoami', {}))).toBe('ok');
  });

  it('a plain user sees neither clients nor the login history; both refusals are audited', async () => {
    expect(await codeOf(plain.client.request('listClients', {}))).toBe('forbidden');
    expect(await lastAudit('listClients')).toMatchObject({ status: 'denied', userId: plain.user.id });
    expect(await codeOf(plain.client.request('listLoginHistory', {}))).toBe('forbidden');
    expect(await lastAudit('listLoginHistory')).toMatchObject({ status: 'denied', code: 'forbidden' });
    expect(await codeOf(plain.client.request('checkReachability', { targets: ['127.0.0.1'] }))).toBe(
      'forbidden',
    );
  });

  it('an unknown session id is not found and names the field', async () => {
    const result = await admin.client.call('endClientSession', {
      sessionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found', field: 'sessionId' } });
  });
});

describe('login history', () => {
  it('records successes and failures, filterable by user, result and time, page by page', async () => {
    expect(await codeOf(VaultSession.login(t.client(), 'alice', 'not her password', 'cli'))).toBe(
      'invalid_credentials',
    );
    expect(await codeOf(VaultSession.login(t.client(), 'nobody-here', 'whatever', 'web'))).toBe(
      'invalid_credentials',
    );
    const ofAlice = await admin.client.request('listLoginHistory', { userId: alice.userId });
    expect(ofAlice.entries.every((e) => e.userId === alice.userId && e.username === 'alice')).toBe(true);
    expect(ofAlice.entries[0]).toMatchObject({ result: 'invalid_credentials', clientKind: 'cli' });
    expect(ofAlice.entries.filter((e) => e.result === 'ok').length).toBeGreaterThanOrEqual(2);

    const failed = await admin.client.request('listLoginHistory', { result: 'failed' });
    expect(failed.entries.length).toBeGreaterThanOrEqual(2);
    expect(failed.entries.every((e) => e.result !== 'ok')).toBe(true);
    // A name that matches no user is recorded without a user (the name tried is not kept).
    expect(failed.entries[0]).toMatchObject({ userId: null, username: null, clientKind: 'web' });

    const ok = await admin.client.request('listLoginHistory', { result: 'ok', userId: alice.userId });
    expect(ok.entries.length).toBeGreaterThanOrEqual(2);
    expect(ok.entries.every((e) => e.result === 'ok')).toBe(true);

    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin.client.request('listLoginHistory', { from: later })).entries).toEqual([]);
    expect((await admin.client.request('listLoginHistory', { to: started })).entries).toEqual([]);
    const inWindow = await admin.client.request('listLoginHistory', { from: started, to: later });
    expect(inWindow.entries.length).toBeGreaterThanOrEqual(6);

    const first = await admin.client.request('listLoginHistory', { limit: 2 });
    expect(first.entries).toHaveLength(2);
    const second = await admin.client.request('listLoginHistory', {
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    expect(second.entries[0]?.seq).toBeLessThan(first.entries[1]?.seq ?? 0);
  });

  it('moderators read it; a bad filter is refused with the field named', async () => {
    expect(
      (await mod.client.request('listLoginHistory', { result: 'failed' })).entries.length,
    ).toBeGreaterThan(0);
    const bad = await admin.client.call('listLoginHistory', { from: 'yesterday' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'from' } });
    const cursor = await admin.client.call('listLoginHistory', { cursor: '1 or 1=1' });
    expect(cursor).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'cursor' } });
  });
});

describe('reachability check', () => {
  let listening: Server;
  let openPort = 0;
  let closedPort = 0;

  beforeAll(async () => {
    listening = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await once(listening, 'listening');
    openPort = (listening.address() as { port: number }).port;
    // A port that was free a moment ago and that nobody listens on now.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    closedPort = (probe.address() as { port: number }).port;
    probe.close();
    await once(probe, 'close');
  });

  afterAll(() => {
    listening?.close();
  });

  it('a listening port is reachable and open; the check is audited with the count, not the targets', async () => {
    const report = await admin.client.request('checkReachability', {
      targets: ['127.0.0.1'],
      port: openPort,
    });
    expect(report).toMatchObject({ port: openPort, checked: 1, unreachable: [] });
    expect(report.reachable).toEqual([
      { target: '127.0.0.1', address: '127.0.0.1', status: 'open', ms: expect.any(Number) },
    ]);
    expect(await lastAudit('checkReachability')).toMatchObject({ status: 'ok', target: '1 targets' });
  });

  it('a refused connection proves the host is up: reachable, with the port closed', async () => {
    const report = await mod.client.request('checkReachability', {
      targets: ['localhost'],
      port: closedPort,
    });
    expect(report.reachable).toHaveLength(1);
    expect(report.reachable[0]).toMatchObject({ target: 'localhost', status: 'closed' });
    expect(report.reachable[0]?.address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('a name that does not resolve is unreachable: no such host', async () => {
    const report = await admin.client.request('checkReachability', {
      targets: ['no-such-host.invalid', '127.0.0.1'],
      port: openPort,
    });
    expect(report.unreachable).toEqual([
      { target: 'no-such-host.invalid', address: null, status: 'no_such_host', ms: null },
    ]);
    expect(report.reachable.map((r) => r.target)).toEqual(['127.0.0.1']);
  });

  it('a range expands to each address, in order', async () => {
    const report = await admin.client.request('checkReachability', {
      targets: ['127.0.0.1-4'],
      port: closedPort,
    });
    expect(report.checked).toBe(4);
    expect([...report.reachable, ...report.unreachable].map((r) => r.target)).toEqual([
      '127.0.0.1',
      '127.0.0.2',
      '127.0.0.3',
      '127.0.0.4',
    ]);
    expect(await lastAudit('checkReachability')).toMatchObject({ target: '4 targets' });
  });

  it('refuses an invalid target with the field named, and changes nothing', async () => {
    const before = await lastAudit('checkReachability');
    for (const [targets, field] of [
      [['127.0.0.1', 'rm -rf /; echo'], 'targets.1'],
      [['$(reboot)'], 'targets.0'],
      [['999.1.1.1'], 'targets.0'],
      [['10.0.0.0/16'], 'targets.0'],
      [['224.0.0.1'], 'targets.0'],
      [[], 'targets'],
    ] as const) {
      const result = await admin.client.call('checkReachability', { targets: [...targets] });
      expect(result, JSON.stringify(targets)).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field },
      });
    }
    const port = await admin.client.call('checkReachability', { targets: ['127.0.0.1'], port: 70000 });
    expect(port).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'port' } });
    const after = await lastAudit('checkReachability');
    expect(after?.status).toBe('denied');
    expect(after?.seq).toBeGreaterThan(before?.seq ?? 0);
  });

  it('refuses a check of more than 1024 addresses, whole or summed', async () => {
    const one = await admin.client.call('checkReachability', { targets: ['10.0.0.1-10.0.4.10'] });
    expect(one).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'targets.0' } });
    expect(one.ok ? '' : one.error.message).toMatch(/1034 addresses.*1024/);
    const summed = await admin.client.call('checkReachability', {
      targets: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24', '10.0.4.0/24'],
    });
    expect(summed).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'targets' } });
  });
});
