import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Store } from './database.ts';
import { migrations } from './migrations/index.ts';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'kh-db-'));

describe('the SQLite store', () => {
  it('migrates an empty database to the latest schema at open', async () => {
    const store = await Store.open({ path: ':memory:' });
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      store.db,
    );
    const names = tables.rows.map((r) => r.name);
    for (const table of [
      'users',
      'sessions',
      'logins',
      'secrets',
      'secret_versions',
      'shares',
      'audit',
      'settings',
      'keyring_seal',
      'keyring_terms',
      'certificates',
    ]) {
      expect(names).toContain(table);
    }
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    await store.close();
  });

  it('runs in WAL mode with foreign keys on', async () => {
    const dir = tempDir();
    const store = await Store.open({ path: `${dir}/k.db` });
    expect(store.sqlite?.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite?.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.close();
  });

  it('opening again applies nothing twice', async () => {
    const dir = tempDir();
    await (await Store.open({ path: `${dir}/k.db` })).close();
    const again = await Store.open({ path: `${dir}/k.db` });
    const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(again.db);
    expect(applied.rows[0]?.n).toBe(Object.keys(migrations).length);
    await again.close();
  });

  it('refuses a nested transaction instead of deadlocking', async () => {
    const store = await Store.open({ path: ':memory:' });
    await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toThrow(
      /nested transaction/,
    );
    await store.close();
  });

  it('rolls back every write of a failed transaction', async () => {
    const store = await Store.open({ path: ':memory:' });
    await expect(
      store.transaction(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'k', value_enc: Buffer.from('x'), row_version: 1, updated_at: 'now' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.db.selectFrom('settings').selectAll().execute()).toEqual([]);
    await store.close();
  });

  it('runs a transaction again when another connection holds the write lock', async () => {
    const dir = tempDir();
    const store = await Store.open({ path: `${dir}/k.db`, busyRetries: 10 });
    store.sqlite?.pragma('busy_timeout = 0');
    const other = new BetterSqlite3(`${dir}/k.db`);
    other.prepare('begin immediate').run();
    let attempts = 0;
    const done = store.transaction(async (trx) => {
      attempts++;
      await trx
        .insertInto('settings')
        .values({ key: 'k', value_enc: Buffer.from('x'), row_version: 1, updated_at: 'now' })
        .execute();
    });
    setTimeout(() => other.prepare('commit').run(), 50);
    await done;
    expect(attempts).toBeGreaterThan(1);
    expect(await store.db.selectFrom('settings').select('key').execute()).toEqual([{ key: 'k' }]);
    other.close();
    await store.close();
  });

  it('prepared reads bind fresh arguments each call, keep the query’s constants, and see only committed rows', async () => {
    const store = await Store.open({ path: path.join(tempDir(), 'k.db') });
    const byPrefix = store.prepareRead(
      (db, low: string, high: string) =>
        db
          .selectFrom('settings')
          .select('key')
          .where('key', '>=', low)
          .where('key', '<', high)
          .orderBy('key')
          .limit(2),
      2,
    );
    await store.transaction(async (trx) => {
      for (const key of ['a1', 'a2', 'a3', 'b1']) {
        await trx
          .insertInto('settings')
          .values({ key, value_enc: Buffer.from('x'), row_version: 1, updated_at: 'now' })
          .execute();
      }
    });
    expect(await byPrefix('a', 'b')).toEqual([{ key: 'a1' }, { key: 'a2' }]);
    expect(await byPrefix('b', 'c')).toEqual([{ key: 'b1' }]);
    let seenInside: unknown;
    await store.transaction(async (trx) => {
      await trx
        .insertInto('settings')
        .values({ key: 'c1', value_enc: Buffer.from('x'), row_version: 1, updated_at: 'now' })
        .execute();
      seenInside = await byPrefix('c', 'd');
    });
    expect(seenInside).toEqual([]);
    expect(await byPrefix('c', 'd')).toEqual([{ key: 'c1' }]);
    expect(() =>
      store.prepareRead((db, _unused: string) => db.selectFrom('settings').select('key'), 1),
    ).toThrow(/argument 0 does not appear as a parameter/);
    await store.close();
  });
});
