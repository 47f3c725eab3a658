// Users and sessions: enrollment, login, lockout, disable, password change, expiry, login hours, replay.
import { afterEach, describe, expect, it } from 'vitest';
import { prepareLogin, VaultSession } from '../client/index.ts';
import { manualClock } from './support/manual-clock.ts';
import { rawRequest } from './support/raw-request.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  kdf,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

const loginError = (username: string, password: string) =>
  VaultSession.login(t.client(), username, password, 'cli').then(
    () => 'signed in',
    (e: { code: string }) => e.code,
  );

describe('users and sessions', () => {
  it('an admin creates a user; the user enrolls with the one-time code and signs in', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const created = await admin.client.request('createUser', {
      username: 'Bob',
      displayName: 'Bob B',
      role: 'user',
    });
    expect(created.enrollmentCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    expect(await loginError('bob', 'anything at all')).toBe('invalid_credentials');
    await VaultSession.enroll(t.client(), 'bob', created.enrollmentCode.toLowerCase(), 'bob password 1', kdf);
    const reuse = await VaultSession.enroll(
      t.client(),
      'bob',
      created.enrollmentCode,
      'other password',
      kdf,
    ).catch((e: { code: string }) => e.code);
    expect(reuse).toBe('invalid_credentials');
    const bob = await VaultSession.login(t.client(), 'BOB', 'bob password 1', 'web');
    expect(bob.user).toMatchObject({ username: 'bob', role: 'user', displayName: 'Bob B' });
  });

  it('pre-login gives unknown names stable, plausible parameters', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    const client = t.client();
    const real = await client.request('prelogin', { username: ADMIN.username });
    const ghost1 = await client.request('prelogin', { username: 'nobody-here' });
    const ghost2 = await client.request('prelogin', { username: 'nobody-here' });
    const other = await client.request('prelogin', { username: 'someone-else' });
    expect(ghost1).toEqual(ghost2);
    expect(ghost1.salt).not.toBe(other.salt);
    expect(Buffer.from(ghost1.salt, 'base64')).toHaveLength(Buffer.from(real.salt, 'base64').length);
    expect(Object.keys(ghost1).sort()).toEqual(Object.keys(real).sort());
    expect(await loginError('nobody-here', 'whatever it is')).toBe('invalid_credentials');
  });

  it('locks a name for the guessing address after 5 failed logins (same answer as a wrong password), audits it, and an admin can unlock it', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    const { userId, password } = await addUser(t, admin, 'carol');
    for (let i = 0; i < 5; i++) expect(await loginError('carol', `wrong ${i}`)).toBe('invalid_credentials');
    // Locked: even the right password gets the wrong-password answer, so the lock tells nothing.
    expect(await loginError('carol', password)).toBe('invalid_credentials');
    const audit = await admin.client.request('listAudit', { userId, operation: 'login', limit: 20 });
    const codes = audit.entries.map((e) => e.code);
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(4);
    expect(codes).toContain('locked_out');
    expect(codes).toContain('account_locked');
    await admin.client.request('unlockUser', { userId });
    expect(await loginError('carol', password)).toBe('signed in');
  });

  it('a lockout ends by itself after its duration; failures spread beyond the window do not lock', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    const { password } = await addUser(t, admin, 'dave');
    for (let i = 0; i < 4; i++) await loginError('dave', 'wrong');
    clock.advance(16 * 60_000);
    expect(await loginError('dave', 'wrong')).toBe('invalid_credentials');
    expect(await loginError('dave', password)).toBe('signed in');
    for (let i = 0; i < 5; i++) await loginError('dave', 'wrong');
    expect(await loginError('dave', password)).toBe('invalid_credentials');
    clock.advance(15 * 60_000 + 1000);
    expect(await loginError('dave', password)).toBe('signed in');
  });

  it('disabling a user ends their sessions at once and refuses login (as a wrong password); enabling restores access', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: erin, userId, password } = await addUser(t, admin, 'erin');
    expect(await erin.client.request('whoami', {})).toMatchObject({ user: { username: 'erin' } });
    const disabled = await admin.client.request('disableUser', { userId });
    expect(disabled).toMatchObject({ isActive: false });
    expect(await erin.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await loginError('erin', password)).toBe('invalid_credentials');
    const users = await admin.client.request('listUsers', {});
    expect(users.users.find((u) => u.id === userId)).toMatchObject({ isActive: false, username: 'erin' });
    await admin.client.request('enableUser', { userId });
    expect(await loginError('erin', password)).toBe('signed in');
  });

  it('an admin cannot disable or demote the last administrator', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    expect(await admin.client.call('disableUser', { userId: admin.user.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await admin.client.call('setUserRole', { userId: admin.user.id, role: 'user' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('changing the password re-wraps the key, ends other sessions, and the old password stops working', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: frank, password } = await addUser(t, admin, 'frank');
    const other = await VaultSession.login(t.client(), 'frank', password, 'desktop');
    const { id } = await frank.createSecret({ name: 'mine', type: 'note', payload: { value: 'still mine' } });
    await frank.changePassword(password, 'a brand new password', kdf);
    expect(await other.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await frank.client.request('whoami', {})).toMatchObject({ user: { username: 'frank' } });
    expect(await loginError('frank', password)).toBe('invalid_credentials');
    const again = await VaultSession.login(t.client(), 'frank', 'a brand new password', 'cli');
    expect((await again.readSecret(id)).payload.value).toBe('still mine');
  });

  it('a session expires after its idle timeout and after its lifetime', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    clock.advance(29 * 60_000);
    expect((await admin.client.call('whoami', {})).ok).toBe(true);
    clock.advance(31 * 60_000);
    expect(await admin.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'session_expired' },
    });
    const again = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    // Kept busy, it still ends when its 12-hour lifetime is over.
    for (let i = 0; i < 24; i++) {
      clock.advance(29 * 60_000);
      await again.client.request('whoami', {});
    }
    clock.advance(29 * 60_000);
    expect(await again.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'session_expired' },
    });
  });

  it('logout ends the session; the token is refused afterwards', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: gina, password } = await addUser(t, admin, 'gina');
    await gina.logout();
    expect(gina.client.signedIn).toBe(false);
    // The server refuses the old token itself, not just a client that forgot it.
    const bearer = await captureToken(t, 'gina', password);
    expect((await rawCall(t, 'logout', {}, bearer, 1)).status).toBe(200);
    const after = await rawCall(t, 'whoami', {}, bearer, 2);
    expect(after).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
  });

  it('an admin ends a user’s sessions; a user ends one of their own by its handle', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: hal, userId, password } = await addUser(t, admin, 'hal');
    const second = await VaultSession.login(t.client(), 'hal', password, 'web');
    const { sessions } = await hal.client.request('listMySessions', {});
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    await hal.client.request('endSession', { sessionId: second.sessionId });
    expect((await second.client.call('whoami', {})).ok).toBe(false);
    expect(await admin.client.request('endUserSessions', { userId })).toEqual({ ended: 1 });
    expect((await hal.client.call('whoami', {})).ok).toBe(false);
  });

  it('login hours: outside them login and requests are refused', async () => {
    const clock = manualClock(Date.parse('2026-03-02T10:00:00.000Z')); // a Monday
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', { patch: { session: { idleMinutes: 24 * 60 } } });
    const { session: ivy, userId, password } = await addUser(t, admin, 'ivy');
    await admin.client.request('setUserLoginHours', {
      userId,
      loginHours: { days: [1, 2, 3, 4, 5], fromMinute: 8 * 60, toMinute: 18 * 60 },
    });
    expect((await ivy.client.call('whoami', {})).ok).toBe(true);
    clock.advance(9 * 3_600_000); // 19:00
    expect(await ivy.client.call('whoami', {})).toMatchObject({
      ok: false,
      error: { code: 'outside_login_hours' },
    });
    expect(await loginError('ivy', password)).toBe('outside_login_hours');
    // Role-wide hours apply to users without their own.
    await admin.client.request('setUserLoginHours', { userId, loginHours: null });
    expect(await loginError('ivy', password)).toBe('signed in');
    await admin.client.request('updateSettings', {
      patch: { loginHours: { user: { days: [1], fromMinute: 0, toMinute: 60 } } },
    });
    expect(await loginError('ivy', password)).toBe('outside_login_hours');
  });

  it('a repeated or stale operation number is refused and audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await addUser(t, admin, 'jay');
    // Drive the raw HTTPS API as an attacker would, replaying a captured request.
    const bearer = await captureToken(t, 'jay', 'jay password 123');
    expect((await rawCall(t, 'whoami', {}, bearer, 7)).status).toBe(200);
    const replay = await rawCall(t, 'whoami', {}, bearer, 7);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ ok: false, error: { code: 'replayed_operation' } });
    expect((await rawCall(t, 'whoami', {}, bearer, 5)).status).toBe(200);
    // More than the window (1,024) ahead: 200 is now too old to be told apart from a replay.
    expect((await rawCall(t, 'whoami', {}, bearer, 2000)).status).toBe(200);
    const stale = await rawCall(t, 'whoami', {}, bearer, 200);
    expect(stale.body).toMatchObject({ error: { code: 'replayed_operation' } });
    expect((await rawCall(t, 'whoami', {}, bearer)).body).toMatchObject({
      error: { code: 'bad_request', field: 'opNumber' },
    });
    const audit = await admin.client.request('listAudit', {
      operation: 'whoami',
      status: 'denied',
      limit: 20,
    });
    expect(audit.entries.map((e) => e.code)).toEqual(
      expect.arrayContaining(['replay_repeated', 'replay_stale', 'bad_request']),
    );
  });
});

/** A call with the operation number chosen (or left out), as an attacker replaying a captured request sends it. */
async function rawCall(t: TestServer, op: string, input: unknown, token?: string, opNumber?: number) {
  const { status, body } = await rawRequest(t, `/v1/op/${op}`, {
    ...(token && { as: { token, opNumber: 0 } }),
    opNumber: opNumber ?? null,
    body: input,
  });
  return { status, body: body as unknown };
}

/** Signs in through the raw API (as the client library would) to get a bearer token to misuse. */
async function captureToken(t: TestServer, username: string, password: string): Promise<string> {
  const { authHash } = await prepareLogin(t.client(), username, password);
  const login = await rawCall(t, 'login', { username, authHash, clientKind: 'cli' });
  return (login.body as { value: { token: string } }).value.token;
}
