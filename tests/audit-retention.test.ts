import { afterEach, describe, expect, it, vi } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { manualClock } from './support/manual-clock.ts';
import {
  ADMIN,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const DAY = 86_400_000;

/** The oldest entry's time, from the first line of a JSON Lines export page. */
const timeOf = (line: string) => (JSON.parse(line) as { time: string }).time;

describe('audit retention', () => {
  it('is validated: null or 1 to 3650 days', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    for (const retentionDays of [0, 3651, 1.5, '30']) {
      expect(
        await admin.client.call('updateSettings', { patch: { audit: { retentionDays } } } as never),
        String(retentionDays),
      ).toMatchObject({
        ok: false,
        error: { code: 'bad_request', field: expect.stringContaining('retentionDays') },
      });
    }
    expect((await admin.client.request('getSettings', {})).audit).toEqual({ retentionDays: null });
    expect(
      (await admin.client.request('updateSettings', { patch: { audit: { retentionDays: 90 } } })).audit,
    ).toEqual({ retentionDays: 90 });
    expect(
      (await admin.client.request('updateSettings', { patch: { audit: { retentionDays: null } } })).audit,
    ).toEqual({ retentionDays: null });
  });

  it('prunes old entries only, keeps the chain verifiable, and still finds edits and deletions afterwards', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    let admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', { patch: { audit: { retentionDays: 2 } } });
    for (let i = 0; i < 10; i++) await admin.client.request('whoami', {});
    // Nothing is old enough yet: nothing goes.
    expect(await admin.client.request('pruneAudit', {})).toEqual({ pruned: 0, prunedThrough: null });

    clock.advance(DAY);
    admin = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const keptFrom = clock.now().toISOString();
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    clock.advance(DAY + 60_000);
    admin = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    const oldCount = (
      await t.sqlRow<{ n: number }>('select count(*) as n from audit where time < ?', keptFrom)
    ).n;
    const lastOld = await t.sqlRow<{ s: number }>('select max(seq) as s from audit where time < ?', keptFrom);

    const result = await admin.client.request('pruneAudit', {});
    expect(result).toEqual({ pruned: oldCount, prunedThrough: lastOld.s });
    const cutoff = new Date(clock.now().getTime() - 2 * DAY).toISOString();
    expect((await t.sqlRow<{ m: string }>('select min(time) as m from audit')).m >= cutoff).toBe(true);
    expect(
      (await t.sqlRow<{ n: number }>('select count(*) as n from audit where time >= ?', keptFrom)).n,
    ).toBe((await t.sqlRow<{ n: number }>('select count(*) as n from audit')).n);
    const [anchorEntry] = (await admin.client.request('listAudit', { operation: 'auditRetention' })).entries;
    expect(anchorEntry).toMatchObject({
      status: 'ok',
      userId: null,
      target: expect.stringMatching(/^\d+:[0-9a-f]{64}$/),
    });
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({
      valid: true,
      brokenAt: null,
      prunedThrough: lastOld.s,
    });

    // An edit in what remains is still found, at its seq.
    const target = lastOld.s + 3;
    await t.sql("update audit set address = '10.9.9.9' where seq = ?", target);
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({
      valid: false,
      brokenAt: target,
      reason: expect.stringMatching(/altered/),
    });
    await t.sql(
      'update audit set address = (select address from audit where seq = ?) where seq = ?',
      target + 1,
      target,
    );
    // Deleting the oldest remaining entry (to pretend retention took it) is found too.
    await t.sql('delete from audit where seq = ?', lastOld.s + 1);
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({
      valid: false,
      brokenAt: lastOld.s + 1,
    });
  });

  it('when every entry is old, all go, and the retention entry carries the chain on from the last of them', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    let admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', { patch: { audit: { retentionDays: 1 } } });
    const head = await t.sqlRow<{ seq: number; hash: string }>(
      'select seq, hash from audit order by seq desc limit 1',
    );
    clock.advance(2 * DAY);
    // The daily run, called directly: no request in between writes a newer entry.
    expect(await t.server.app.retention.prune()).toEqual({ pruned: head.seq, prunedThrough: head.seq });
    expect(await t.sql('select seq, operation, target, prev_hash as prev from audit')).toEqual([
      { seq: head.seq + 1, operation: 'auditRetention', target: `${head.seq}:${head.hash}`, prev: head.hash },
    ]);
    admin = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({
      valid: true,
      prunedThrough: head.seq,
      checked: 3,
    });
  });

  it('moving the anchor to hide deletions breaks the retention entry that recorded it', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    let admin = await initAndLoginAdmin(t);
    await admin.client.request('updateSettings', { patch: { audit: { retentionDays: 1 } } });
    clock.advance(2 * DAY);
    admin = await VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
    for (let i = 0; i < 5; i++) await admin.client.request('whoami', {});
    const { prunedThrough } = await admin.client.request('pruneAudit', {});
    expect(prunedThrough).toBeGreaterThan(0);
    const first = await t.sqlRow<{ s: number }>('select min(seq) as s from audit');
    const next = await t.sqlRow<{ hash: string }>('select hash from audit where seq = ?', first.s + 1);
    await t.sql('delete from audit where seq = ?', first.s);
    await t.sql("update audit set target = ? where operation = 'auditRetention'", `${first.s}:${next.hash}`);
    const result = await admin.client.request('verifyAudit', {});
    expect(result.valid).toBe(false);
    expect(result.brokenAt).not.toBeNull();
  });

  it('refuses to prune over a break, so the evidence stays, and audits the refusal', async () => {
    const clock = manualClock();
    const server = await startTestServer({ now: clock.now });
    t = server;
    let admin = await initAndLoginAdmin(server);
    await admin.client.request('updateSettings', { patch: { audit: { retentionDays: 1 } } });
    clock.advance(2 * DAY);
    admin = await VaultSession.login(server.client(), ADMIN.username, ADMIN.password, 'cli');
    await server.sql("update audit set user_id = 'someone-else' where seq = 3");
    const count = async () =>
      (await server.sqlRow<{ n: number }>('select count(*) as n from audit where seq <= 3')).n;
    expect(await admin.client.call('pruneAudit', {})).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/broken at entry 3/) },
    });
    expect(await count()).toBe(3);
    const refusals = (await admin.client.request('listAudit', { operation: 'auditRetention' })).entries;
    expect(refusals).toMatchObject([{ status: 'error', code: 'integrity_error', target: '3' }]);
  });

  it('runs by itself once unsealed and then daily, and never takes entries newer than the setting', async () => {
    let now = Date.parse('2026-05-01T09:00:00.000Z');
    const server = await startTestServer({ now: () => new Date(now), auditRetentionCheckMs: 20 });
    t = server;
    const client = () => server.client();
    let admin = await initAndLoginAdmin(server);
    await admin.client.request('updateSettings', { patch: { audit: { retentionDays: 3 } } });
    // Four days on, a new process: pruning happens as soon as it is unsealed, without anyone asking.
    await server.restart(() => {
      now += 4 * DAY;
    });
    await client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    admin = await VaultSession.login(client(), ADMIN.username, ADMIN.password, 'cli');
    const runs = async () =>
      (await admin.client.request('listAudit', { operation: 'auditRetention', limit: 10 })).entries;
    await vi.waitFor(async () => expect(await runs()).toHaveLength(1), { timeout: 10_000 });
    const [first] = await runs();
    const oldest = (await admin.client.request('exportAudit', { format: 'jsonl', limit: 1 })).text;
    expect(timeOf(oldest) >= new Date(now - 3 * DAY).toISOString()).toBe(true);

    // The entries of today stay however often it looks; a day and a half later they are old enough.
    for (let i = 0; i < 3; i++) await admin.client.request('whoami', {});
    const today = new Date(now).toISOString();
    now += 3 * DAY + 12 * 3_600_000;
    admin = await VaultSession.login(client(), ADMIN.username, ADMIN.password, 'cli');
    // The new run's entry is the only one left: the first run's entry was old enough to go too.
    await vi.waitFor(
      async () => expect((await runs())[0]?.target, server.logText()).not.toBe(first?.target),
      {
        timeout: 10_000,
      },
    );
    expect(await runs()).toHaveLength(1);
    const remaining = (await admin.client.request('exportAudit', { format: 'jsonl', limit: 1 })).text;
    expect(timeOf(remaining) > today).toBe(true);
    expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: true });
  });
});
