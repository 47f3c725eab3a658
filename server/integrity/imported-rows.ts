// Tags for the rows an import copies with INSERT … SELECT (SQL cannot compute them), written by the copy itself.
import { type RawBuilder, sql } from 'kysely';
import type { Keyring } from '../keyring/index.ts';
import type { Trx } from '../storage/database.ts';
import { chunkSizes } from '../storage/precompiled.ts';
import { rowSealOf } from './row-seal.ts';
import { secretTag, shareTag, tagOf } from './row-tags.ts';

/** A run of an import's new secrets (staging order, seqs first..last), their ids and the tags their rows carry. */
export interface ImportedTags {
  firstSeq: number;
  lastSeq: number;
  ids: string[];
  /** The secrets rows' tags, by position in ids. */
  secretTags: string[];
  /** The same for the owner's key rows in shares. */
  shareTags: string[];
}

/**
 * `case <column> when id then tag … end`, with every id and tag a bound parameter: how the copy places each
 * row's tag. Runs come in a few sizes only (see chunkSizes), so the statements holding it can be precompiled.
 */
export function tagsById(
  column: string,
  ids: readonly string[],
  tags: readonly string[],
): RawBuilder<string> {
  const arms = ids.map((id, i) => sql`when ${id} then ${tags[i]}`);
  return sql<string>`case ${sql.ref(column)} ${sql.join(arms, sql` `)} end`;
}

/**
 * The tags of the secrets rows and the owner's key rows an import is about to create, by runs of staging
 * order, from one read of the staged ids. Written as the rows are copied: tagging them afterwards rewrote
 * every row a second time.
 */
export async function importedRowTags(
  trx: Trx,
  keyring: Keyring,
  importId: string,
  ownerId: string,
): Promise<ImportedTags[]> {
  const seal = rowSealOf(keyring);
  const rows = await trx
    .selectFrom('import_items')
    .select(['seq', 'secret_id'])
    .where('import_id', '=', importId)
    .where('kind', '=', 'create')
    .orderBy('seq')
    .execute();
  const runs: ImportedTags[] = [];
  let at = 0;
  for (const size of chunkSizes(rows.length)) {
    const chunk = rows.slice(at, at + size);
    at += size;
    const ids = chunk.map((row) => row.secret_id);
    runs.push({
      firstSeq: (chunk[0] as (typeof rows)[number]).seq,
      lastSeq: (chunk.at(-1) as (typeof rows)[number]).seq,
      ids,
      secretTags: ids.map((id) => tagOf(seal, secretTag({ id, owner_id: ownerId }))),
      shareTags: ids.map((id) =>
        tagOf(seal, shareTag({ secret_id: id, principal_id: ownerId, permission: 'owner' })),
      ),
    });
  }
  return runs;
}
