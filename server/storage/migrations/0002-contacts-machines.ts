// Migration 2: contacts, and machine identities as principals owned by the user who made them.
// Frozen in time: it must never import application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('person'))
    .execute();
  await db.schema.alterTable('users').addColumn('owner_id', 'text').execute();
  await db.schema.createIndex('users_owner').on('users').column('owner_id').execute();

  await db.schema
    .createTable('contacts')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    // The owner's client MAC over (contact id, public key): the server keeps it but cannot forge it.
    .addColumn('key_pin', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_pk', ['owner_id', 'contact_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contacts').execute();
  await db.schema.dropIndex('users_owner').execute();
  await db.schema.alterTable('users').dropColumn('owner_id').execute();
  await db.schema.alterTable('users').dropColumn('kind').execute();
}
