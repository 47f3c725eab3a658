// Migration 16: folders kept on their own (an empty folder stays until its owner deletes it).
// Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('folders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('path_index', 'text', (c) => c.notNull())
    .addColumn('path_enc', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Unique per owner: two creates of one folder at once end with one row, the second refused.
  await db.schema
    .createIndex('folders_owner_path')
    .on('folders')
    .columns(['owner_id', 'path_index'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('folders').execute();
}
