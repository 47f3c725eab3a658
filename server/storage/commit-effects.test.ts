import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type MemoryCopy, touched } from './commit-effects.ts';
import { Store } from './database.ts';

/** A copy that records what it was asked to refresh, and what it was handed as known. */
function recordingCopy() {
  const calls: { ids: string[]; known: [string, string][] }[] = [];
  const copy: MemoryCopy<string> = {
    name: 'test copy',
    refresh: async (ids, known) => {
      calls.push({ ids: [...ids], known: [...(known ?? new Map())] });
    },
  };
  return { copy, calls };
}

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

const open = async () => {
  store = await Store.open({ path: path.join(mkdtempSync(path.join(os.tmpdir(), 'kh-fx-')), 'x.db') });
  return store;
};

describe('what a transaction registers for memory', () => {
  it('reaches the copy once the transaction commits, with the records the writes knew', async () => {
    const s = await open();
    const { copy, calls } = recordingCopy();
    await s.transaction(async (trx) => {
      touched(trx, copy, ['a']);
      touched(trx, copy, [], [['b', 'record of b']]);
      // Nothing is applied while the transaction is still open.
      expect(calls).toEqual([]);
    });
    expect(calls).toEqual([{ ids: ['a', 'b'], known: [['b', 'record of b']] }]);
  });

  it('never reaches the copy when the transaction rolls back', async () => {
    const s = await open();
    const { copy, calls } = recordingCopy();
    await expect(
      s.transaction(async (trx) => {
        touched(trx, copy, ['a']);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(calls).toEqual([]);
  });

  it('is refused outside Store.transaction, where nobody would apply it', async () => {
    const s = await open();
    const { copy } = recordingCopy();
    await expect(s.db.transaction().execute(async (trx) => touched(trx, copy, ['a']))).rejects.toThrow(
      /must run in Store.transaction/,
    );
  });

  it('tells the write listeners the scope the writes registered', async () => {
    const s = await open();
    const scopes: string[] = [];
    s.onWrite((scope) => scopes.push(scope));
    const { copy } = recordingCopy();
    await s.transaction(async (trx) => touched(trx, copy, ['a']));
    await s.transaction(async () => undefined);
    expect(scopes).toEqual(['secrets', 'any']);
  });
});

describe('a refresh that fails after the commit', () => {
  /** A copy whose next `failures` refreshes throw, as a database that went away for a moment would. */
  function flakyCopy(failures: number) {
    const { copy, calls } = recordingCopy();
    let left = failures;
    const flaky: MemoryCopy<string> = {
      name: copy.name,
      refresh: async (ids, known) => {
        if (left-- > 0) throw new Error('the database went away');
        await copy.refresh(ids, known);
      },
    };
    return { copy: flaky, calls };
  }

  it('does not fail the committed write: it is reported, and the copy rereads the ids before the next request', async () => {
    const s = await open();
    const reports: string[] = [];
    s.onRefreshFailed((copy, error) => reports.push(`${copy}: ${(error as Error).message}`));
    const { copy, calls } = flakyCopy(1);
    const value = await s.transaction(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: 'k', value_enc: Buffer.from('v'), row_version: 1, updated_at: 'now' })
        .execute();
      touched(trx, copy, ['a']);
      return 'committed';
    });
    expect(value).toBe('committed');
    expect(await s.db.selectFrom('settings').select('key').where('key', '=', 'k').execute()).toEqual([
      { key: 'k' },
    ]);
    expect(reports).toEqual(['test copy: the database went away']);
    expect(calls).toEqual([]);
    await s.refreshStale();
    expect(calls).toEqual([{ ids: ['a'], known: [] }]);
    // Reread once: nothing is left stale.
    await s.refreshStale();
    expect(calls).toHaveLength(1);
  });

  it('keeps the ids stale while the reread fails too, and rereads them all once it works', async () => {
    const s = await open();
    const reports: string[] = [];
    s.onRefreshFailed((copy) => reports.push(copy));
    const { copy, calls } = flakyCopy(3);
    await s.transaction(async (trx) => touched(trx, copy, ['a']));
    await s.transaction(async (trx) => touched(trx, copy, ['b']));
    await s.refreshStale();
    expect(reports).toEqual(['test copy', 'test copy', 'test copy']);
    await s.refreshStale();
    expect(calls).toEqual([{ ids: ['a', 'b'], known: [] }]);
  });
});
