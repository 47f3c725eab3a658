// The audit log: every call recorded, hash chain verified, tampering found, and fail-closed writes.

import { afterEach, describe, expect, it } from 'vitest';
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
    await t.sql("update audit set user_id = 'someone-else' where seq = 4");
    const edited = await admin.client.request('verifyAudit', {});
    expect(edited).toMatchObject({ valid: false, brokenAt: 4, reason: expect.stringMatching(/altered/) });
  });

  it('finds a deleted entry in the middle and a truncated tail', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    await t.sql('delete from audit where seq = 4');
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: false, brokenAt: 4 });

    const t2 = await startTestServer();
    const admin2 = await initAndLoginAdmin(t2);
    await admin2.client.request('whoami', {});
    const last = await t2.sqlRow<{ n: number }>('select max(seq) as n from audit');
    await t2.sql('delete from audit where seq >= ?', last.n - 1);
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
    // A trigger that refuses some audit entries, spelled in each dialect.
    if (t.store === 'postgres') {
      await t.sql(
        "create function no_audit() returns trigger language plpgsql as $$ begin if new.operation in ('createSecret', 'listFolders') then raise exception 'disk full'; end if; return new; end $$",
      );
      await t.sql('create trigger no_audit before insert on audit for each row execute function no_audit()');
    } else {
      await t.sql(
        "create trigger no_audit before insert on audit when new.operation in ('createSecret', 'listFolders') begin select raise(abort, 'disk full'); end",
      );
    }
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
