import { afterEach, describe, expect, it } from 'vitest';
import {
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

describe('tampering with the database file', () => {
  it('a flipped byte in a stored ciphertext fails with an integrity error, and is audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({ name: 'x', type: 'note', payload: { value: 'v' } });
    const row = await t.sqlRow<{ value_enc: Buffer }>(
      'select value_enc from secret_versions where secret_id = ?',
      id,
    );
    const flipped = Buffer.from(row.value_enc);
    flipped[30] = (flipped[30] as number) ^ 0x80;
    await t.sql('update secret_versions set value_enc = ? where secret_id = ?', flipped, id);
    const result = await admin.client.call('readSecret', { id });
    expect(result).toMatchObject({ ok: false, error: { code: 'integrity_error' } });
    expect(t.logText()).toMatch(/integrity check failed/);
    const { entries } = await admin.client.request('listAudit', { operation: 'readSecret', limit: 5 });
    expect(entries[0]).toMatchObject({ status: 'error', code: 'integrity_error', target: id });
  });

  it('a ciphertext copied to another row fails: user data and secret values alike', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { userId: bobId } = await addUser(t, admin, 'bob');
    const a = await admin.createSecret({ name: 'a', type: 'note', payload: { value: 'a' } });
    const b = await admin.createSecret({ name: 'b', type: 'note', payload: { value: 'b' } });
    // Swap the admin's sealed user data into Bob's row, hoping to log in as Bob with the admin's password.
    await t.sql(
      'update users set data_enc = (select data_enc from users where id = ?), row_version = (select row_version from users where id = ?) where id = ?',
      admin.user.id,
      admin.user.id,
      bobId,
    );
    await t.sql(
      'update secret_versions set value_enc = (select value_enc from secret_versions where secret_id = ?) where secret_id = ?',
      a.id,
      b.id,
    );
    expect(await t.client().call('prelogin', { username: 'bob' })).toMatchObject({
      ok: false,
      error: { code: 'integrity_error' },
    });
    expect(await admin.client.call('readSecret', { id: b.id })).toMatchObject({
      ok: false,
      error: { code: 'integrity_error' },
    });
    expect((await admin.readSecret(a.id)).payload.value).toBe('a');
  });

  it('an older sealed row put back (a rollback) is refused', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { id } = await admin.createSecret({ name: 'before', type: 'note', payload: { value: 'v' } });
    const old = await t.sqlRow<{ meta_enc: Buffer }>('select meta_enc from secrets where id = ?', id);
    await admin.updateSecret(id, 1, { name: 'after' });
    await t.sql('update secrets set meta_enc = ? where id = ?', old.meta_enc, id);
    // The index is rebuilt from disk at unseal: the rolled-back row is refused and reported, the server still opens.
    await admin.client.request('seal', {});
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    expect(t.logText()).toMatch(/left out of the index/);
    expect(await admin.client.call('readSecret', { id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
