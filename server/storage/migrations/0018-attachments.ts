// Migration 18: files on items. One row per file (its wrapped key and sealed name, both end-to-end
// ciphertext, sealed again at rest) and its chunks as blobs in the database, so that every node of a
// PostgreSQL cluster serves them. Frozen in time: no application code.
import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_id', 'text', (c) => c.notNull().references('secrets.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('wrapped_key_enc', t.blob, (c) => c.notNull())
    .addColumn('meta_enc', t.blob, (c) => c.notNull())
    .addColumn('declared_size', t.bigint, (c) => c.notNull())
    .addColumn('chunk_count', 'integer', (c) => c.notNull())
    .addColumn('stored_bytes', t.bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('attachments_secret').on('attachments').column('secret_id').execute();
  await db.schema.createIndex('attachments_owner').on('attachments').column('owner_id').execute();
  await db.schema
    .createTable('attachment_chunks')
    .addColumn('attachment_id', 'text', (c) => c.notNull().references('attachments.id'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('data', t.blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['attachment_id', 'idx'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attachment_chunks').execute();
  await db.schema.dropTable('attachments').execute();
}
