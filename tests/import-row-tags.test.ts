// An import's commit writes each new secret's integrity tag in the same statement that copies its row (runs of
// 200 rows): after a restart every imported secret still opens, and only a row moved to another owner is
// found altered.
import { afterEach, describe, expect, it } from 'vitest';
import { collectVault } from '../client/export/collect-vault.ts';
import { planImport, runImport } from '../client/import/importer.ts';
import { KeyholdError, VaultSession } from '../client/index.ts';
import { record } from './support/import-fixtures.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

/** More than two runs of tags, the last one short. */
const ENTRIES = 450;

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

describe('the rows an import creates', () => {
  it('carry tags that hold after a restart, and a row re-pointed to another owner is refused', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const alice = await addUser(t, admin, 'alice');
    const mallory = await addUser(t, admin, 'mallory');
    const records = Array.from({ length: ENTRIES }, (_, i) =>
      record(`/team-${i % 7}`, `entry ${i}`, `value ${i}`),
    );
    const result = await runImport(alice.session, await planImport(alice.session, records, 'skip'));
    expect(result.created).toBe(ENTRIES);
    await alice.session.logout();

    // Mallory's row of the first run, moved to her while the server is stopped.
    const moved = await t.sqlRow<{ id: string }>(
      'select id from secrets where owner_id = ? order by created_at, id limit 1',
      alice.userId,
    );
    await t.restart(async () => {
      await t.sql('update secrets set owner_id = ? where id = ?', mallory.userId, moved.id);
    });
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });

    const again = await VaultSession.login(t.client(), 'alice', alice.password, 'cli');
    const vault = await collectVault(again);
    expect(vault).toHaveLength(ENTRIES - 1);
    expect(new Set(vault.map((r) => r.payload.value)).size).toBe(ENTRIES - 1);
    await again.logout();

    // The moved row alone is found altered (audited), and Mallory gets nothing from it.
    const attacker = await VaultSession.login(t.client(), 'mallory', mallory.password, 'cli');
    const refused = await attacker.client.request('readSecret', { id: moved.id }).then(
      () => null,
      (error: unknown) => (error instanceof KeyholdError ? error.code : String(error)),
    );
    expect(refused).toBe('not_found');
    await attacker.logout();
    const auditor = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const { entries } = await auditor.client.request('listAudit', {
      operation: 'integrityCheck',
      limit: 100,
    });
    expect(entries.map((e) => ({ target: e.target, code: e.code }))).toEqual([
      { target: `secrets ${moved.id}`, code: 'integrity_error' },
    ]);
  });
});
