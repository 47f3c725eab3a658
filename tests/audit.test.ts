// The audit log: every call recorded, hash chain verified, tampering found, and fail-closed writes.

import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  openDatabase,
  startTestServer,
  type TestServer,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

const openDb = () => openDatabase(t);

describe('the audit log', () => {
  it('records every call with operation number, user, address, time, operation, target and status', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({ name: 'x', type: 'note', payload: { value: 'audited value' } });
    await admin.readSecret(id);
    const { entries } = await admin.client.request('listAudit', { limit: 50 });
    const read = entries.find((e) => e.operation === 'readSecret');
    expect(read).toMatchObject({
      userId: admin.user.id,
      address: expect.stringMatching(/127\.0\.0\.1/),
      target: id,
      status: 'ok',
      opNumber: expect.any(Number),
    });
    expect(entries.map((e) => e.operation)).toEqual(
      expect.arrayContaining(['init', 'prelogin', 'login', 'createSecret', 'readSecret']),
    );
    expect(JSON.stringify(entries)).not.toContain('audited value');
    expect(JSON.stringify(entries)).not.toContain(ADMIN.password);
  });

  it('verifies the chain, and finds an edited entry and a deleted one', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: true, brokenAt: null });
    const db = openDb();
    db.prepare("update audit set user_id = 'someone-else' where seq = 4").run();
    db.close();
    const edited = await admin.client.request('verifyAudit', {});
    expect(edited).toMatchObject({ valid: false, brokenAt: 4, reason: expect.stringMatching(/altered/) });
  });

  it('finds a deleted entry in the middle and a truncated tail', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    const db = openDb();
    db.prepare('delete from audit where seq = 4').run();
    db.close();
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: false, brokenAt: 4 });

    const t2 = await startTestServer();
    const admin2 = await initAndLoginAdmin(t2);
    await admin2.client.request('whoami', {});
    const db2 = openDatabase(t2);
    const last = db2.prepare('select max(seq) as n from audit').get() as { n: number };
    db2.prepare('delete from audit where seq >= ?').run(last.n - 1);
    db2.close();
    expect(await admin2.client.request('verifyAudit', {})).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/newest/),
    });
    await t2.stop();
  });

  it('fails closed: when the audit entry cannot be written, the change is not made and the caller is told', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: bob } = await addUser(t, admin, 'bob');
    const db = openDb();
    db.exec(
      "create trigger no_audit before insert on audit when new.operation in ('createSecret', 'listFolders') begin select raise(abort, 'disk full'); end",
    );
    db.close();
    const refused = await bob
      .createSecret({ name: 'unaudited', type: 'note', payload: { value: 'x' } })
      .catch((e: { code: string }) => e.code);
    expect(refused).toBe('internal');
    expect((await bob.client.request('listSecrets', {})).total).toBe(0);
    expect(await bob.client.call('listFolders', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringMatching(/audit/) },
    });
  });

  it('a moderator reads and verifies the audit log; a user may not', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: mod } = await addUser(t, admin, 'mod', 'moderator');
    const { session: user } = await addUser(t, admin, 'usr', 'user');
    expect((await mod.client.call('listAudit', {})).ok).toBe(true);
    expect(await mod.client.call('verifyAudit', {})).toMatchObject({ ok: true, value: { valid: true } });
    expect(await user.client.call('listAudit', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
