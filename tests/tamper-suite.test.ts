// The tamper suite: with the server stopped, an attacker edits the database to grant themselves access (a role,
// a session, a grant, an owner, a forged user or grant). After restart and unseal each edit is refused where it
// is used, named in the audit log, and everything untouched keeps working.
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyholdError, VaultSession } from '../client/index.ts';
import { sha256Hex } from '../server/auth/tokens.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  ON_POSTGRES,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

/** Admin, Alice (who owns a secret shared read-only with Mallory) and Mallory, the attacker. */
async function cast() {
  t = await startTestServer();
  const admin = await initAndLoginAdmin(t);
  const alice = await addUser(t, admin, 'alice');
  const mallory = await addUser(t, admin, 'mallory');
  const shared = await alice.session.createSecret({
    name: 'shared db',
    type: 'login',
    payload: { value: 's1' },
  });
  const own = await alice.session.createSecret({ name: 'alice own', type: 'note', payload: { value: 'o1' } });
  const malloryContact = await alice.session.sharing.addContact(await alice.session.sharing.find('mallory'));
  await alice.session.sharing.share(shared.id, malloryContact, 'read');
  return { admin, alice, mallory, shared, own };
}

/** Stops the server, runs the edit on its database, starts it again and unseals it. */
async function tamperWhileStopped(edit: () => Promise<void>): Promise<void> {
  await t.restart(edit);
  await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
}

const signIn = (username: string, password: string) =>
  VaultSession.login(t.client(), username, password, 'cli');

/** The error code a call fails with (and the call must fail). */
async function refusal(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    if (error instanceof KeyholdError) return error.code;
    throw error;
  }
  throw new Error('the call was expected to be refused');
}

/** The integrity findings the audit log holds, as "table id" targets with their code. */
async function integrityFindings(admin: VaultSession) {
  const { entries } = await admin.client.request('listAudit', { operation: 'integrityCheck', limit: 100 });
  return entries.map((e) => ({ target: e.target, code: e.code, status: e.status }));
}

describe('a writer of the stopped server’s database cannot grant itself anything', () => {
  it('users.role raised to admin: the user is refused (sign-in and an open session), audited; others work', async () => {
    const { alice, mallory, own } = await cast();
    const saved = mallory.session.saveState();
    await tamperWhileStopped(async () => {
      await t.sql("update users set role = 'admin' where id = ?", mallory.userId);
    });
    expect(await refusal(() => signIn('mallory', mallory.password))).toBe('integrity_error');
    const resumed = VaultSession.resume(t.client(), saved);
    expect(await refusal(() => resumed.client.request('listUsers', {}))).toBe('integrity_error');

    const admin = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(admin)).toContainEqual({
      target: `users ${mallory.userId}`,
      code: 'integrity_error',
      status: 'error',
    });
    // Untouched rows keep working: the admin lists users (the tampered row left out) and the whole audit log
    // (the tampered user's entries unnamed), Alice reads her secret.
    const { users } = await admin.client.request('listUsers', {});
    const { entries } = await admin.client.request('listAudit', { userId: mallory.userId, limit: 50 });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.userName === null)).toBe(true);
    expect(users.map((u) => u.username).sort()).toEqual(['alice', ADMIN.username].sort());
    const aliceAgain = await signIn('alice', alice.password);
    expect((await aliceAgain.readSecret(own.id)).payload.value).toBe('o1');
  });

  it('a session row re-pointed to an admin, or forged with one’s own token hash, opens nothing', async () => {
    const { mallory } = await cast();
    const saved = mallory.session.saveState();
    const forgedToken = 'forged-session-token-0123456789abcdef';
    await tamperWhileStopped(async () => {
      const { id: adminId } = await t.sqlRow<{ id: string }>("select id from users where role = 'admin'");
      await t.sql('update sessions set user_id = ? where id = ?', adminId, saved.sessionId);
      await t.sql(
        `insert into sessions (id, token_hash, user_id, client_kind, address, port, created_at, last_seen_at,
           expires_at, op_high, op_window, row_seal)
         select ?, ?, user_id, client_kind, address, port, created_at, last_seen_at, expires_at, 0, '0', row_seal
         from sessions where id = ?`,
        randomUUID(),
        sha256Hex(forgedToken),
        saved.sessionId,
      );
    });
    const repointed = VaultSession.resume(t.client(), saved);
    expect(await refusal(() => repointed.client.request('listUsers', {}))).toBe('integrity_error');
    const forged = t.client();
    forged.resumeSession(forgedToken, 0);
    expect(await refusal(() => forged.request('listUsers', {}))).toBe('integrity_error');

    const admin = await signIn(ADMIN.username, ADMIN.password);
    const findings = await integrityFindings(admin);
    expect(findings).toContainEqual({
      target: `sessions ${saved.sessionId}`,
      code: 'integrity_error',
      status: 'error',
    });
    expect(findings.filter((f) => f.target?.startsWith('sessions '))).toHaveLength(2);
    // Mallory's own sign-in still works, with the rights she really has.
    const again = await signIn('mallory', mallory.password);
    expect(await refusal(() => again.client.request('listUsers', {}))).toBe('forbidden');
  });

  it('a session that was ended (logout) and revived in the file stays refused', async () => {
    const { mallory } = await cast();
    const saved = mallory.session.saveState();
    await mallory.session.logout();
    await tamperWhileStopped(async () => {
      await t.sql('update sessions set ended_at = null, end_reason = null where id = ?', saved.sessionId);
    });
    const revived = VaultSession.resume(t.client(), saved);
    expect(await refusal(() => revived.client.request('whoami', {}))).toBe('integrity_error');
    const admin = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(admin)).toContainEqual({
      target: `sessions ${saved.sessionId}`,
      code: 'integrity_error',
      status: 'error',
    });
  });

  it('shares.permission read → write: the grant is dropped, not widened; audited; the owner keeps working', async () => {
    const { alice, mallory, shared } = await cast();
    await tamperWhileStopped(async () => {
      await t.sql(
        "update shares set permission = 'write' where secret_id = ? and principal_id = ?",
        shared.id,
        mallory.userId,
      );
    });
    const malloryAgain = await signIn('mallory', mallory.password);
    expect(await refusal(() => malloryAgain.updateSecret(shared.id, 1, { name: 'taken' }))).toBe('not_found');
    expect(await refusal(() => malloryAgain.readSecret(shared.id))).toBe('not_found');

    const admin = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(admin)).toContainEqual({
      target: `shares ${shared.id}|${mallory.userId}`,
      code: 'integrity_error',
      status: 'error',
    });
    const aliceAgain = await signIn('alice', alice.password);
    expect((await aliceAgain.readSecret(shared.id)).payload.value).toBe('s1');
    await aliceAgain.updateSecret(shared.id, 1, { name: 'renamed by alice' });
  });

  it('secrets.owner_id changed: the new "owner" cannot delete it, the row stays, audited; other secrets work', async () => {
    const { alice, mallory, shared, own } = await cast();
    await tamperWhileStopped(async () => {
      await t.sql('update secrets set owner_id = ? where id = ?', mallory.userId, own.id);
    });
    const malloryAgain = await signIn('mallory', mallory.password);
    expect(await refusal(() => malloryAgain.client.request('deleteSecret', { id: own.id }))).toBe(
      'not_found',
    );
    expect(await refusal(() => malloryAgain.readSecret(own.id))).toBe('not_found');
    const row = await t.sqlRow<{ deleted_at: string | null }>(
      'select deleted_at from secrets where id = ?',
      own.id,
    );
    expect(row.deleted_at).toBeNull();

    const admin = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(admin)).toContainEqual({
      target: `secrets ${own.id}`,
      code: 'integrity_error',
      status: 'error',
    });
    const aliceAgain = await signIn('alice', alice.password);
    expect((await aliceAgain.readSecret(shared.id)).payload.value).toBe('s1');
    // Mallory's real grant is untouched and still reads.
    expect((await malloryAgain.readSecret(shared.id)).payload.value).toBe('s1');
  });

  it('a forged admin user row (a real row’s sealed data and tag under a new id) is refused and audited', async () => {
    const { mallory } = await cast();
    const forgedId = randomUUID();
    await tamperWhileStopped(async () => {
      await t.sql(
        `insert into users (id, username_index, role, is_active, enrolled, data_enc, row_version, failed_logins,
           created_at, updated_at, kind, row_seal)
         select ?, ?, 'admin', 1, 1, data_enc, row_version, 0, created_at, updated_at, kind, row_seal
         from users where id = ?`,
        forgedId,
        sha256Hex('forged-name-index'),
        mallory.userId,
      );
    });
    const admin = await signIn(ADMIN.username, ADMIN.password);
    const { users } = await admin.client.request('listUsers', {});
    expect(users.map((u) => u.id)).not.toContain(forgedId);
    expect(users.map((u) => u.username).sort()).toEqual(['alice', 'mallory', ADMIN.username].sort());
    expect(await integrityFindings(admin)).toContainEqual({
      target: `users ${forgedId}`,
      code: 'integrity_error',
      status: 'error',
    });
  });

  it('a forged grant (another row’s key and tag copied) gives no access and is audited', async () => {
    const { alice, mallory, own } = await cast();
    await tamperWhileStopped(async () => {
      await t.sql(
        `insert into shares (secret_id, principal_id, permission, wrapped_key_enc, key_generation, granted_at,
           granted_by, row_seal)
         select ?, ?, 'write', wrapped_key_enc, key_generation, granted_at, granted_by, row_seal
         from shares where principal_id = ? and permission = 'read'`,
        own.id,
        mallory.userId,
        mallory.userId,
      );
    });
    const malloryAgain = await signIn('mallory', mallory.password);
    expect(await refusal(() => malloryAgain.readSecret(own.id))).toBe('not_found');
    expect(await refusal(() => malloryAgain.updateSecret(own.id, 1, { name: 'taken' }))).toBe('not_found');

    const admin = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(admin)).toContainEqual({
      target: `shares ${own.id}|${mallory.userId}`,
      code: 'integrity_error',
      status: 'error',
    });
    const aliceAgain = await signIn('alice', alice.password);
    expect((await aliceAgain.readSecret(own.id)).payload.value).toBe('o1');
    // Alice's thread with Mallory shows the one grant she made, not the forged one.
    const thread = await aliceAgain.sharing.thread(mallory.userId);
    expect(thread.grants.map((g) => [g.secretName, g.direction, g.permission])).toEqual([
      ['shared db', 'out', 'read'],
    ]);
  });

  it('a row whose tag is removed is refused once the database has been tagged', async () => {
    const { mallory } = await cast();
    await tamperWhileStopped(async () => {
      await t.sql("update users set role = 'admin', row_seal = null where id = ?", mallory.userId);
    });
    expect(await refusal(() => signIn('mallory', mallory.password))).toBe('integrity_error');
  });
});

describe('certificates', () => {
  it('a revocation cleared in the file still refuses the certificate, and the edit is audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const issued = await admin.client.request('issueClientCertificate', {
      commonName: 'ci-runner',
      validityDays: 30,
    });
    const serial = issued.certificate.serial;
    await admin.client.request('revokeCertificate', { serial, reason: 'keyCompromise' });
    await tamperWhileStopped(async () => {
      await t.sql('update certificates set revoked_at = null, revoke_reason = null where serial = ?', serial);
    });
    expect(t.server.app.tls?.isRevoked(serial)).toBe(true);
    const again = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(again)).toContainEqual({
      target: `certificates ${serial}`,
      code: 'integrity_error',
      status: 'error',
    });
  });
});

describe('an untouched database', () => {
  it('raises no finding across restarts after role changes, lockouts, grants, contacts and certificates', async () => {
    const { admin, alice, mallory, shared } = await cast();
    await admin.client.request('setUserRole', { userId: mallory.userId, role: 'moderator' });
    await admin.client.request('disableUser', { userId: mallory.userId });
    await admin.client.request('enableUser', { userId: mallory.userId });
    expect(await refusal(() => signIn('alice', 'a wrong password 123'))).toBe('invalid_credentials');
    await admin.client.request('setUserLoginHours', { userId: alice.userId, loginHours: null });
    const contact = await alice.session.sharing.addContact(await alice.session.sharing.find('mallory'));
    await alice.session.sharing.share(shared.id, contact, 'write');
    const issued = await admin.client.request('issueClientCertificate', {
      commonName: 'ci-runner',
      validityDays: 30,
    });
    await admin.client.request('revokeCertificate', {
      serial: issued.certificate.serial,
      reason: 'superseded',
    });
    await admin.client.request('renewServerCertificate', {});
    await alice.session.logout();
    await tamperWhileStopped(async () => undefined);

    const malloryAgain = await signIn('mallory', mallory.password);
    await malloryAgain.updateSecret(shared.id, 1, { payload: { value: 'written through a write grant' } });
    const aliceAgain = await signIn('alice', alice.password);
    expect((await aliceAgain.readSecret(shared.id)).payload.value).toBe('written through a write grant');
    expect(await aliceAgain.sharing.contacts()).toHaveLength(1);
    const adminAgain = await signIn(ADMIN.username, ADMIN.password);
    const { users } = await adminAgain.client.request('listUsers', {});
    expect(users.find((u) => u.id === mallory.userId)?.role).toBe('moderator');
    expect((await integrityFindings(adminAgain)).filter((f) => f.status !== 'ok')).toEqual([]);
    expect(t.logText()).not.toContain('failed its integrity check');
  });
});

describe('rows written before row tags existed', () => {
  it('are tagged at the first unseal after the upgrade and keep working; the tagging is audited', async () => {
    const { alice, mallory, shared } = await cast();
    await tamperWhileStopped(async () => {
      // The database as migration 15 leaves it: no tags, no integrity record, nothing beside it.
      for (const table of ['users', 'sessions', 'secrets', 'shares', 'contacts', 'certificates']) {
        await t.sql(`update ${table} set row_seal = null`);
      }
      await t.sql("delete from settings where key = 'integrity'");
      rmSync(`${t.dataDir}/keyhold.db.generation`, { force: true });
    });
    const malloryAgain = await signIn('mallory', mallory.password);
    expect((await malloryAgain.readSecret(shared.id)).payload.value).toBe('s1');
    const aliceAgain = await signIn('alice', alice.password);
    expect((await aliceAgain.readSecret(shared.id)).payload.value).toBe('s1');
    const admin = await signIn(ADMIN.username, ADMIN.password);
    const findings = await integrityFindings(admin);
    expect(findings).toContainEqual(expect.objectContaining({ code: 'rows_tagged', status: 'ok' }));
    expect(findings.filter((f) => f.code === 'integrity_error')).toEqual([]);
  });
});

describe.skipIf(ON_POSTGRES)('the whole database file rolled back to an older copy', () => {
  it('is reported at unseal, in the log and the audit log, by the generation kept beside the file', async () => {
    const { admin, mallory } = await cast();
    await admin.client.request('setUserRole', { userId: mallory.userId, role: 'admin' });
    const file = path.join(t.dataDir, 'keyhold.db');
    const copy = path.join(t.dataDir, 'stolen-copy.db');
    // Mallory, an admin today, keeps a copy of the database; the server runs on and she is demoted.
    await tamperWhileStopped(async () => copyFileSync(file, copy));
    const adminAgain = await signIn(ADMIN.username, ADMIN.password);
    await adminAgain.client.request('setUserRole', { userId: mallory.userId, role: 'user' });
    await tamperWhileStopped(async () => {
      for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
      copyFileSync(copy, file);
    });
    expect(existsSync(`${file}.generation`)).toBe(true);
    expect(t.logText()).toMatch(/the database was rolled back to an older copy/);
    const afterRollback = await signIn(ADMIN.username, ADMIN.password);
    const findings = await integrityFindings(afterRollback);
    expect(findings).toContainEqual({
      target: expect.stringMatching(/^database generation \d+ is older than \d+ recorded beside it$/),
      code: 'database_rolled_back',
      status: 'error',
    });
    // Reported once: the next unseal of the same file is quiet.
    await tamperWhileStopped(async () => undefined);
    const later = await signIn(ADMIN.username, ADMIN.password);
    expect((await integrityFindings(later)).filter((f) => f.code === 'database_rolled_back')).toHaveLength(1);
  });

  it('a missing generation file is reported, since a rollback can then no longer be ruled out', async () => {
    t = await startTestServer();
    await initAndLoginAdmin(t);
    await tamperWhileStopped(async () => rmSync(path.join(t.dataDir, 'keyhold.db.generation')));
    const admin = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(admin)).toContainEqual(
      expect.objectContaining({ code: 'generation_file_missing', status: 'error' }),
    );
  });
});

describe('one-time share links', () => {
  it('a link whose view count is wound back in the file opens no more, and the edit is audited', async () => {
    const { admin, alice } = await cast();
    const { createShareLink, openShareLink } = await import('../client/links/share-links.ts');
    const link = await createShareLink(alice.session.client, t.server.url, {
      payload: { kind: 'text', text: 'one more view, please' },
      expiresInHours: 24,
      maxViews: 2,
      password: null,
    });
    const key = new URL(link.url).hash.slice(1);
    const open = () => {
      const stranger = t.client();
      return openShareLink(
        (input) => stranger.request('openShareLink', input),
        link.id,
        key,
        async () => null,
      );
    };
    await open();
    await tamperWhileStopped(async () => {
      await t.sql('update share_links set views = 0, max_views = 100 where id = ?', link.id);
    });
    expect(await refusal(open)).toBe('not_found');
    const adminAgain = await signIn(ADMIN.username, ADMIN.password);
    expect(await integrityFindings(adminAgain)).toContainEqual({
      target: `share_links ${link.id}`,
      code: 'integrity_error',
      status: 'error',
    });
    void admin;
  });
});
