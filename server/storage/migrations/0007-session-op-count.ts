// Migration 7: each session counts its requests, for the clients screen. Frozen in time: no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('op_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The clients screen lists open sessions by last use; the login history filters by result over time.
  await db.schema.createIndex('sessions_open').on('sessions').columns(['ended_at', 'last_seen_at']).execute();
  await db.schema.createIndex('logins_result').on('logins').columns(['result', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('logins_result').execute();
  await db.schema.dropIndex('sessions_open').execute();
  await db.schema.alterTable('sessions').dropColumn('op_count').execute();
}
