// Tags for the rows an import copies with INSERT … SELECT (SQL cannot compute them): one statement per batch.
import { sql } from 'kysely';
import type { Keyring } from '../keyring/index.ts';
import type { Trx } from '../storage/database.ts';
import { rowSealOf } from './row-seal.ts';
import { secretTag, shareTag, tagOf } from './row-tags.ts';

const BATCH = 200;

/** `case <column> when id then tag … end`, with every id and tag a bound parameter. */
function tagsById(column: string, tags: Map<string, string>) {
  const arms = [...tags].map(([id, tag]) => sql`when ${id} then ${tag}`);
  return sql<string>`case ${sql.ref(column)} ${sql.join(arms, sql` `)} end`;
}

/** Seals the secrets rows and the owner's key rows an import just created, inside its transaction. */
export async function sealImportedRows(
  trx: Trx,
  keyring: Keyring,
  importId: string,
  ownerId: string,
): Promise<void> {
  const seal = rowSealOf(keyring);
  const rows = await trx
    .selectFrom('import_items')
    .select('secret_id')
    .where('import_id', '=', importId)
    .where('kind', '=', 'create')
    .execute();
  const ids = rows.map((r) => r.secret_id);
  for (let at = 0; at < ids.length; at += BATCH) {
    const chunk = ids.slice(at, at + BATCH);
    const secretTags = new Map(chunk.map((id) => [id, tagOf(seal, secretTag({ id, owner_id: ownerId }))]));
    const shareTags = new Map(
      chunk.map((id) => [
        id,
        tagOf(seal, shareTag({ secret_id: id, principal_id: ownerId, permission: 'owner' })),
      ]),
    );
    // Found by id alone, so SQLite walks the primary key: with `owner_id = ?` in the WHERE it chose the
    // owner's index and scanned all of the owner's secrets once per batch (quadratic in the import's size).
    // The owner is still checked, in the SET: a row of anyone else keeps the seal it had.
    await trx
      .updateTable('secrets')
      .set({
        row_seal: sql<string>`case when ${sql.ref('owner_id')} = ${ownerId} then ${tagsById('id', secretTags)} else ${sql.ref('row_seal')} end`,
      })
      .where('id', 'in', chunk)
      .execute();
    await trx
      .updateTable('shares')
      .set({ row_seal: tagsById('secret_id', shareTags) })
      .where('secret_id', 'in', chunk)
      .where('principal_id', '=', ownerId)
      .where('permission', '=', 'owner')
      .execute();
  }
}
