// All SQL of share links: insert with its row seal, find, list a creator's, count a view (compare-and-set on
// the view count, so two opens racing for the last view cannot both win), revoke, and sweep the expired.
import { rowSealOf } from '../integrity/row-seal.ts';
import { tagOf } from '../integrity/row-tags.ts';
import type { Keyring } from '../keyring/index.ts';
import { uncopiedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Trx } from '../storage/database.ts';
import type { ShareLinkRow } from '../storage/tables/share-links.ts';
import { shareLinkTag } from './share-link-tag.ts';

export type NewShareLink = Omit<ShareLinkRow, 'row_seal'>;

export async function insertShareLink(trx: Trx, keyring: Keyring, row: NewShareLink): Promise<void> {
  uncopiedRowsWritten(trx);
  await trx
    .insertInto('share_links')
    .values({ ...row, row_seal: tagOf(rowSealOf(keyring), shareLinkTag(row)) })
    .execute();
}

export function findShareLink(db: Db | Trx, id: string): Promise<ShareLinkRow | undefined> {
  return db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A creator's links not yet expired, newest first; the content columns are not read. */
export function listCreatorsLinks(db: Db, creatorId: string, now: string) {
  return db
    .selectFrom('share_links')
    .select(['id', 'creator_id', 'created_at', 'expires_at', 'max_views', 'views', 'size', 'row_seal'])
    .select((eb) => eb('password_enc', 'is not', null).as('has_password'))
    .where('creator_id', '=', creatorId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * Counts one view of the row as it was read: the last view deletes it, any other raises the count and
 * re-tags the row. False when another open changed the row first (the caller answers "gone").
 */
export async function countView(trx: Trx, keyring: Keyring, row: ShareLinkRow): Promise<boolean> {
  uncopiedRowsWritten(trx);
  const views = Number(row.views);
  if (views + 1 >= Number(row.max_views)) {
    const done = await trx
      .deleteFrom('share_links')
      .where('id', '=', row.id)
      .where('views', '=', views)
      .executeTakeFirst();
    return Number(done.numDeletedRows) === 1;
  }
  const next = { ...row, views: views + 1 };
  const done = await trx
    .updateTable('share_links')
    .set({ views: views + 1, row_seal: tagOf(rowSealOf(keyring), shareLinkTag(next)) })
    .where('id', '=', row.id)
    .where('views', '=', views)
    .executeTakeFirst();
  return Number(done.numUpdatedRows) === 1;
}

/** Deletes one of the creator's links; 0 when it is not theirs or no longer there. */
export async function deleteCreatorsLink(trx: Trx, id: string, creatorId: string): Promise<number> {
  uncopiedRowsWritten(trx);
  const done = await trx
    .deleteFrom('share_links')
    .where('id', '=', id)
    .where('creator_id', '=', creatorId)
    .executeTakeFirst();
  return Number(done.numDeletedRows);
}

/** Deletes every link whose expiry has passed; answers how many. */
export async function deleteExpiredLinks(db: Db | Trx, now: string): Promise<number> {
  uncopiedRowsWritten(db);
  const done = await db.deleteFrom('share_links').where('expires_at', '<=', now).executeTakeFirst();
  return Number(done.numDeletedRows);
}
