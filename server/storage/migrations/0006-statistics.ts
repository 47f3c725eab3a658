// Migration 6: per-minute statistics rows. Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('stats_minutes')
    // The minute's start in epoch milliseconds: past 32 bits.
    .addColumn('minute', t.bigint, (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    // The key's first column serves the range reads and the retention delete.
    .addPrimaryKeyConstraint('stats_minutes_pk', ['minute', 'node'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('stats_minutes').execute();
}
