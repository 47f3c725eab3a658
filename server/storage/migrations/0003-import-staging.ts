// Migration 3: imports staged in batches and applied all at once. Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('imports_owner').on('imports').column('owner_id').execute();
  await db.schema.createIndex('imports_expiry').on('imports').column('expires_at').execute();

  await db.schema
    .createTable('import_items')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('secret_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('meta_enc', t.blob)
    .addColumn('value_enc', t.blob)
    .addColumn('wrapped_key_enc', t.blob)
    .addColumn('item_enc', t.blob)
    .addPrimaryKeyConstraint('import_items_pk', ['import_id', 'seq'])
    .addUniqueConstraint('import_items_secret', ['import_id', 'secret_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_items').execute();
  await db.schema.dropTable('imports').execute();
}
