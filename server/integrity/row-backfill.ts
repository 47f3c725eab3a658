// Tags for rows written before migration 15, computed once at the first unseal after it (migrations run sealed).
import type { Trx } from '../storage/database.ts';
import type { RowSeal } from './row-seal.ts';
import { certificateTag, contactTag, secretTag, sessionTag, shareTag, tagOf, userTag } from './row-tags.ts';

const SEALED = ['users', 'secrets', 'shares', 'contacts', 'certificates'] as const;

/**
 * Whether some row carries a tag (`tagged`), or some row lacks one: a database tagged before holds no
 * untagged row that is old, so one found then was not written by the server.
 */
export async function anyRow(trx: Trx, tagged: boolean): Promise<boolean> {
  for (const table of SEALED) {
    const row = await trx
      .selectFrom(table)
      .select('row_seal')
      .where('row_seal', tagged ? 'is not' : 'is', null)
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  // Ending a session drops its tag: an ended session without one is the server's own doing.
  const open = await trx
    .selectFrom('sessions')
    .select('id')
    .where('ended_at', 'is', null)
    .where('row_seal', tagged ? 'is not' : 'is', null)
    .limit(1)
    .executeTakeFirst();
  return open !== undefined;
}

/** Tags every row that has none yet; returns how many rows got one, by table. */
export async function tagUntaggedRows(trx: Trx, seal: RowSeal): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const users = await trx.selectFrom('users').selectAll().where('row_seal', 'is', null).execute();
  for (const row of users) {
    await trx
      .updateTable('users')
      .set({ row_seal: tagOf(seal, userTag(row)) })
      .where('id', '=', row.id)
      .execute();
  }
  counts.users = users.length;
  const sessions = await trx.selectFrom('sessions').selectAll().where('row_seal', 'is', null).execute();
  for (const row of sessions) {
    await trx
      .updateTable('sessions')
      .set({ row_seal: tagOf(seal, sessionTag(row)) })
      .where('id', '=', row.id)
      .execute();
  }
  counts.sessions = sessions.length;
  const secrets = await trx
    .selectFrom('secrets')
    .select(['id', 'owner_id'])
    .where('row_seal', 'is', null)
    .execute();
  for (const row of secrets) {
    await trx
      .updateTable('secrets')
      .set({ row_seal: tagOf(seal, secretTag(row)) })
      .where('id', '=', row.id)
      .execute();
  }
  counts.secrets = secrets.length;
  const shares = await trx
    .selectFrom('shares')
    .select(['secret_id', 'principal_id', 'permission'])
    .where('row_seal', 'is', null)
    .execute();
  for (const row of shares) {
    await trx
      .updateTable('shares')
      .set({ row_seal: tagOf(seal, shareTag(row)) })
      .where('secret_id', '=', row.secret_id)
      .where('principal_id', '=', row.principal_id)
      .execute();
  }
  counts.shares = shares.length;
  const contacts = await trx.selectFrom('contacts').selectAll().where('row_seal', 'is', null).execute();
  for (const row of contacts) {
    await trx
      .updateTable('contacts')
      .set({ row_seal: tagOf(seal, contactTag(row)) })
      .where('owner_id', '=', row.owner_id)
      .where('contact_id', '=', row.contact_id)
      .execute();
  }
  counts.contacts = contacts.length;
  const certificates = await trx
    .selectFrom('certificates')
    .selectAll()
    .where('row_seal', 'is', null)
    .execute();
  for (const row of certificates) {
    await trx
      .updateTable('certificates')
      .set({ row_seal: tagOf(seal, certificateTag(row)) })
      .where('serial', '=', row.serial)
      .execute();
  }
  counts.certificates = certificates.length;
  return counts;
}
