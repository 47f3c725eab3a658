// Contacts rows, and the per-contact figures of the contact list (grants each way, latest activity).
import { sql } from 'kysely';
import { rowSealOf } from '../integrity/row-seal.ts';
import { checkRow, contactTag, intactRow, secretTag, shareTag, tagOf } from '../integrity/row-tags.ts';
import type { Keyring } from '../keyring/index.ts';
import { uncopiedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Trx } from '../storage/database.ts';
import type { ContactRow } from '../storage/tables/contacts.ts';

/** A contact row as repositories hand it out and take it in: its tag is theirs to check and compute. */
export type Contact = Omit<ContactRow, 'row_seal'>;

/** The owner's contacts; a row forged or re-pinned in the file is left out (and reported). */
export async function contactRows(db: Db, keyring: Keyring, ownerId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .orderBy('added_at')
    .execute();
  const seal = rowSealOf(keyring);
  return rows.filter((r) => intactRow(seal, contactTag(r), r.row_seal));
}

/** One contact; a tampered row is refused (integrity_error). */
export async function contactRow(
  db: Db | Trx,
  keyring: Keyring,
  ownerId: string,
  contactId: string,
): Promise<Contact | undefined> {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  if (row) checkRow(rowSealOf(keyring), contactTag(row), row.row_seal);
  return row;
}

export async function putContact(trx: Trx, keyring: Keyring, row: Contact): Promise<void> {
  uncopiedRowsWritten(trx);
  const rowSeal = tagOf(rowSealOf(keyring), contactTag(row));
  await trx
    .insertInto('contacts')
    .values({ ...row, row_seal: rowSeal })
    .onConflict((oc) =>
      oc.columns(['owner_id', 'contact_id']).doUpdateSet({ key_pin: row.key_pin, row_seal: rowSeal }),
    )
    .execute();
}

export async function deleteContact(trx: Trx, ownerId: string, contactId: string): Promise<boolean> {
  uncopiedRowsWritten(trx);
  const result = await trx
    .deleteFrom('contacts')
    .where('owner_id', '=', ownerId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export interface ThreadRow {
  secret_id: string;
  principal_id: string;
  owner_id: string;
  permission: string;
  granted_at: string;
  granted_by: string;
}

/**
 * Grants between two principals, both ways: a's secrets granted to b, and b's granted to a. A grant or an
 * owner forged in the database is left out (and reported), so the thread shows only what access allows.
 */
export async function grantsBetween(db: Db, keyring: Keyring, a: string, b: string): Promise<ThreadRow[]> {
  const rows = await db
    .selectFrom('shares as g')
    .innerJoin('secrets as s', 's.id', 'g.secret_id')
    .select([
      'g.secret_id',
      'g.principal_id',
      's.owner_id',
      'g.permission',
      'g.granted_at',
      'g.granted_by',
      'g.row_seal as grant_seal',
      's.row_seal as secret_seal',
    ])
    .where('g.permission', '!=', 'owner')
    .where('s.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.owner_id', '=', a), eb('g.principal_id', '=', b)]),
        eb.and([eb('s.owner_id', '=', b), eb('g.principal_id', '=', a)]),
      ]),
    )
    .orderBy('g.granted_at', 'desc')
    .execute();
  const seal = rowSealOf(keyring);
  return rows.flatMap(({ grant_seal, secret_seal, ...row }) =>
    intactRow(seal, shareTag(row), grant_seal) &&
    intactRow(seal, secretTag({ id: row.secret_id, owner_id: row.owner_id }), secret_seal)
      ? [row]
      : [],
  );
}

/** For each contact: grants of the owner's secrets to them, theirs to the owner, and the newest grant. */
export async function contactFigures(
  db: Db,
  ownerId: string,
): Promise<Map<string, { byMe: number; withMe: number; last: string | null }>> {
  const rows = await db
    .selectFrom('contacts as c')
    .innerJoin('shares as g', (join) => join.on('g.permission', '!=', 'owner'))
    .innerJoin('secrets as s', 's.id', 'g.secret_id')
    .select([
      'c.contact_id',
      sql<number>`sum(case when s.owner_id = ${ownerId} and g.principal_id = c.contact_id then 1 else 0 end)`.as(
        'by_me',
      ),
      sql<number>`sum(case when s.owner_id = c.contact_id and g.principal_id = ${ownerId} then 1 else 0 end)`.as(
        'with_me',
      ),
      sql<string | null>`max(g.granted_at)`.as('last'),
    ])
    .where('c.owner_id', '=', ownerId)
    .where('s.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.owner_id', '=', ownerId), eb('g.principal_id', '=', eb.ref('c.contact_id'))]),
        eb.and([eb('s.owner_id', '=', eb.ref('c.contact_id')), eb('g.principal_id', '=', ownerId)]),
      ]),
    )
    .groupBy('c.contact_id')
    .execute();
  return new Map(
    rows.map((r) => [r.contact_id, { byMe: Number(r.by_me), withMe: Number(r.with_me), last: r.last }]),
  );
}
