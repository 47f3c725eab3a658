// Contacts rows, and the per-contact figures of the contact list (grants each way, latest activity).
import { sql } from 'kysely';
import type { Db, Trx } from '../storage/database.ts';
import type { ContactRow } from '../storage/tables/contacts.ts';

export function contactRows(db: Db, ownerId: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('owner_id', '=', ownerId).orderBy('added_at').execute();
}

export function contactRow(
  db: Db | Trx,
  ownerId: string,
  contactId: string,
): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
}

export async function putContact(trx: Trx, row: ContactRow): Promise<void> {
  await trx
    .insertInto('contacts')
    .values(row)
    .onConflict((oc) => oc.columns(['owner_id', 'contact_id']).doUpdateSet({ key_pin: row.key_pin }))
    .execute();
}

export async function deleteContact(trx: Trx, ownerId: string, contactId: string): Promise<boolean> {
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

/** Grants between two principals, both ways: a's secrets granted to b, and b's granted to a. */
export function grantsBetween(db: Db, a: string, b: string): Promise<ThreadRow[]> {
  return db
    .selectFrom('shares as g')
    .innerJoin('secrets as s', 's.id', 'g.secret_id')
    .select(['g.secret_id', 'g.principal_id', 's.owner_id', 'g.permission', 'g.granted_at', 'g.granted_by'])
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
