// Migration 5: the audit log by operation, for the operation filter and for finding the retention anchor,
// which would otherwise scan every entry of a log of millions. Frozen in time: no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_operation').on('audit').columns(['operation', 'seq']).execute();
}
