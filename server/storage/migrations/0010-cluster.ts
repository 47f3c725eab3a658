// Migration 10: several nodes on one database. A change feed that each node polls to keep its in-memory
// copies (secret index, grants, sessions, settings, revoked certificates) in step with the others' writes,
// and which node served each session last. Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('changes')
    .addColumn('seq', t.serialKey, t.serialKeyOptions)
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  // Rows older than an hour are pruned by time; polls read by seq (the primary key).
  await db.schema.createIndex('changes_at').on('changes').column('at').execute();
  await db.schema.alterTable('sessions').addColumn('node', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('node').execute();
  await db.schema.dropIndex('changes_at').execute();
  await db.schema.dropTable('changes').execute();
}
