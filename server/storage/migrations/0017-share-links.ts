// Migration 17: one-time share links. The content is the client's ciphertext (its key is only in the link),
// sealed again under the keyring; the row's access columns carry a row seal. Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('share_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('creator_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('max_views', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('ciphertext_enc', t.blob, (c) => c.notNull())
    .addColumn('password_enc', t.blob)
    .addColumn('row_seal', 'text')
    .execute();
  await db.schema.createIndex('share_links_creator').on('share_links').column('creator_id').execute();
  await db.schema.createIndex('share_links_expiry').on('share_links').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('share_links').execute();
}
