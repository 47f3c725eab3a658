// Migration 11: which metadata version each secret's current value was written at, so that a metadata
// edit naming only the value version is refused once the metadata changed since (no lost rename).
// Frozen in time: no application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('secrets')
    .addColumn('value_meta_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Existing secrets: their current metadata counts as seen with their current value.
  await sql`update secrets set value_meta_version = meta_version`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('secrets').dropColumn('value_meta_version').execute();
}
