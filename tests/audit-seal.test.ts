// The audit chain's sealed head: a chain rewritten or cut short while the server was stopped, by someone
// who can write the database file, no longer verifies after the next start.
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { nextEntry, recordOfRow } from '../server/audit/audit-log.ts';
import type { AuditRow } from '../server/storage/tables/audit.ts';
import {
  ADMIN,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

/** What a forger does: edit one entry, then recompute every hash from it to the end so the links hold. */
async function rewriteFrom(seq: number, edit: (row: AuditRow) => AuditRow): Promise<void> {
  const rows = await t.sql<AuditRow>('select * from audit where seq >= ? order by seq', seq - 1);
  const [before, ...rest] = rows;
  let head = before ? { seq: before.seq, hash: before.hash } : undefined;
  for (const original of rest) {
    const row = original.seq === seq ? edit(original) : original;
    const next = nextEntry(recordOfRow(row), head);
    await t.sql(
      'update audit set user_id = ?, target = ?, prev_hash = ?, hash = ? where seq = ?',
      row.user_id,
      row.target,
      next.row.prev_hash,
      next.row.hash,
      row.seq,
    );
    head = next.head;
  }
}

async function restartAndSignIn(tamper: () => Promise<void>): Promise<VaultSession> {
  await t.restart(tamper);
  await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
  return VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
}

describe('the sealed head of the audit chain', () => {
  it('a chain recomputed after an edit links up, but not to its seal', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: true });
    const again = await restartAndSignIn(() =>
      rewriteFrom(4, (row) => ({ ...row, user_id: 'someone-else' })),
    );
    const result = await again.client.request('verifyAudit', {});
    expect(result).toMatchObject({ valid: false, reason: expect.stringMatching(/rewritten or removed/) });
    expect(t.logText()).toContain('the audit chain does not match its seal');
    // The evidence is not sealed over by the writes since: it still fails.
    await again.client.request('whoami', {});
    expect((await again.client.request('verifyAudit', {})).valid).toBe(false);
  });

  it('newest entries cut off while the server was stopped are found after the next start', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    const again = await restartAndSignIn(async () => {
      const { n } = await t.sqlRow<{ n: number }>('select max(seq) as n from audit');
      await t.sql('delete from audit where seq > ?', n - 3);
    });
    expect(await again.client.request('verifyAudit', {})).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/rewritten or removed/),
    });
  });

  it('an untouched chain still verifies across restarts, with entries written while sealed', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    await admin.client.request('whoami', {});
    await t.restart();
    // Refused while sealed (and audited without a seal), then unsealed.
    await t.client().call('listSecrets', {});
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    const again = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    expect(await again.client.request('verifyAudit', {})).toMatchObject({ valid: true, brokenAt: null });
  });
});
