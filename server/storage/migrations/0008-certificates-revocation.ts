// Migration 8: certificates learn revocation, whom a client certificate was issued for, and renewal. Frozen in time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['revoked_at', 'revoke_reason', 'issued_for', 'renewed_to']) {
    await db.schema.alterTable('certificates').addColumn(column, 'text').execute();
  }
  // The monitor loads revoked serials at start and the CRL lists them: both ask by kind and revocation.
  await db.schema
    .createIndex('certificates_kind')
    .on('certificates')
    .columns(['kind', 'revoked_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('certificates_kind').execute();
  for (const column of ['renewed_to', 'issued_for', 'revoke_reason', 'revoked_at']) {
    await db.schema.alterTable('certificates').dropColumn(column).execute();
  }
}
