import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../storage/database.ts';
import type { AuditRecord } from './audit-log.ts';
import { verifyAudit } from './audit-log.ts';
import { AuditWriter } from './audit-writer.ts';

const record = (n: number): AuditRecord => ({
  time: new Date(Date.UTC(2026, 10, 26, 12, 0, n)).toISOString(),
  operation: 'readSecret',
  opNumber: n,
  userId: null,
  sessionId: null,
  address: '127.0.0.1',
  target: `secret-${n}`,
  status: 'ok',
  code: null,
});

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the audit group commit', () => {
  let store: Store;
  let writer: AuditWriter;
  let commits: number;
  let head: string | null;

  beforeEach(async () => {
    store = await Store.open({ path: ':memory:' });
    commits = 0;
    head = null;
    store.onWrite(() => {
      commits++;
    });
    // The production turn limit; the time limit is out of the way, so a slow machine cannot split a batch.
    writer = writerWith({ turns: 8, ms: 10_000 });
  });
  const writerWith = (limits: { turns: number; ms: number }) =>
    new AuditWriter(
      store,
      (hash) => {
        head = hash;
      },
      () => null,
      limits,
    );
  afterEach(async () => {
    await store.close();
  });

  it('commits the entries of requests arriving over several turns of the event loop together', async () => {
    const written: Promise<void>[] = [];
    let n = 0;
    // Like clients whose requests the network delivers over a few turns: three, then three, then two.
    for (const arriving of [3, 3, 2]) {
      for (let i = 0; i < arriving; i++) written.push(writer.write(record(++n), null));
      await nextTurn();
    }
    await Promise.all(written);
    expect(commits).toBe(1);
    const verified = await verifyAudit(store.db, head);
    expect(verified).toMatchObject({ valid: true, checked: 8 });
  });

  it('does not hold a lone entry back', async () => {
    let committed = false;
    const written = writer.write(record(1), null).then(() => {
      committed = true;
    });
    let turns = 0;
    while (!committed && turns < 20) {
      await nextTurn();
      turns++;
    }
    await written;
    expect(turns).toBeLessThanOrEqual(3);
  });

  it('stops gathering after its time limit even while entries keep arriving', async () => {
    writer = writerWith({ turns: 8, ms: 0 });
    const written: Promise<void>[] = [];
    for (let turn = 0; turn < 4; turn++) {
      written.push(writer.write(record(turn + 1), null));
      await nextTurn();
    }
    await Promise.all(written);
    expect(commits).toBeGreaterThan(1);
    expect(await verifyAudit(store.db, head)).toMatchObject({ valid: true, checked: 4 });
  });

  it('commits within a bounded wait while entries keep arriving every turn', async () => {
    const written: Promise<void>[] = [];
    let firstCommitTurn: number | null = null;
    for (let turn = 0; turn < 30; turn++) {
      written.push(writer.write(record(turn + 1), null));
      await nextTurn();
      if (firstCommitTurn === null && commits > 0) firstCommitTurn = turn;
    }
    await Promise.all(written);
    expect(firstCommitTurn).not.toBeNull();
    expect(firstCommitTurn).toBeLessThanOrEqual(10);
    expect(commits).toBeGreaterThanOrEqual(3);
    expect(await verifyAudit(store.db, head)).toMatchObject({ valid: true, checked: 30 });
  });
});
