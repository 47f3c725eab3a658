import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from './database.ts';
import { asCompilable, precompile, rowsStatementFor } from './precompiled.ts';

describe('precompiled statements', async () => {
  const store = await Store.open({ path: ':memory:' });
  afterAll(() => store.close());
  await sql`create table t (id text primary key, n integer, note text)`.execute(store.db);

  it('bind the values where the stand-ins were, an argument used twice included, and run', async () => {
    const upsert = precompile<[string, number, string | null]>(
      (id, n, note) =>
        store.db
          .insertInto('t' as never)
          .values({ id, n, note } as never)
          .onConflict((oc) => oc.column('id' as never).doUpdateSet({ n, note } as never)),
      3,
    );
    expect(upsert.sql).not.toContain('keyhold-argument');
    await store.writeSync((w) => {
      w.run(asCompilable(upsert.bind('a', 1, null)));
      w.run(asCompilable(upsert.bind('b', 2, 'two')));
      w.run(asCompilable(upsert.bind('a', 3, 'three')));
    });
    const rows = await store.read(
      asCompilable<{ id: string; n: number; note: string | null }>(
        sql`select id, n, note from t order by id`.compile(store.db),
      ),
    );
    expect(rows).toEqual([
      { id: 'a', n: 3, note: 'three' },
      { id: 'b', n: 2, note: 'two' },
    ]);
  });

  it('refuse a query that does not take every argument as a parameter', () => {
    expect(() =>
      precompile<[string]>((id) => store.db.selectFrom('t' as never).select(sql.raw(`'${id}'`).as('x')), 1),
    ).toThrow(/argument 0 does not appear as a parameter/);
  });

  it('insert any number of rows in statements of a few sizes, each row bound in order', async () => {
    await sql`create table r (id text primary key, n integer, note text)`.execute(store.db);
    const insert = rowsStatementFor<readonly [string, number, string | null]>(
      (db, rows) =>
        db.insertInto('r' as never).values(rows.map(([id, n, note]) => ({ id, n, note })) as never),
      3,
    );
    const rows = Array.from({ length: 300 }, (_, i) => [`r${i}`, i, i % 2 ? null : `note ${i}`] as const);
    const queries = insert(store.db, rows);
    // 128 + 128 + 32 + 8 + 4: full statements, then the rest in powers of two.
    expect(queries.map((q) => q.parameters.length / 3)).toEqual([128, 128, 32, 8, 4]);
    for (const query of queries) await store.db.executeQuery(query);
    const stored = await store.read(
      asCompilable<{ id: string; n: number; note: string | null }>(
        sql`select id, n, note from r order by n`.compile(store.db),
      ),
    );
    expect(stored).toEqual(rows.map(([id, n, note]) => ({ id, n, note })));
    expect(insert(store.db, [])).toEqual([]);
    expect(() => insert(store.db, [['x', 1] as unknown as readonly [string, number, null]])).toThrow(
      /a row of 2 values/,
    );
  });
});
