// Migration 15: a keyed tag per row over the columns that decide access (users, sessions, secrets' owner,
// shares, contacts, certificates). Frozen in time: no application code. The keyring is sealed while
// migrations run, so existing rows get their tags at the first unseal afterwards (server/integrity/).
import type { Kysely } from 'kysely';

const SEALED_TABLES = ['users', 'sessions', 'secrets', 'shares', 'contacts', 'certificates'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of SEALED_TABLES) {
    await db.schema.alterTable(table).addColumn('row_seal', 'text').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...SEALED_TABLES].reverse()) {
    await db.schema.alterTable(table).dropColumn('row_seal').execute();
  }
}
