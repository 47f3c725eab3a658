// Migration 12: imports keep earlier versions and dates from the tool they come from (KeePass history,
// Bitwarden's password history). Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  // A new item's current value is sealed for the version after its history; 1 without history.
  await db.schema
    .alterTable('import_items')
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('import_items').addColumn('created_at', 'text').execute();
  await db.schema.alterTable('import_items').addColumn('updated_at', 'text').execute();
  await db.schema
    .createTable('import_item_versions')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value_enc', t.blob, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_item_versions_pk', ['import_id', 'seq', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_item_versions').execute();
  await db.schema.alterTable('import_items').dropColumn('updated_at').execute();
  await db.schema.alterTable('import_items').dropColumn('created_at').execute();
  await db.schema.alterTable('import_items').dropColumn('current_version').execute();
}
