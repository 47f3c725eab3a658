// Tags for the rows an import copies with INSERT … SELECT (SQL cannot compute them), written by the copy itself.
import { type RawBuilder, sql } from 'kysely';
import type { Keyring } from '../keyring/index.ts';
import type { Trx } from '../storage/database.ts';
import { rowSealOf } from './row-seal.ts';
import { secretTag, shareTag, tagOf } from './row-tags.ts';

const BATCH = 200;

/** A run of an import's new secrets (staging order, seqs first..last) and the tags their rows carry. */
export interface ImportedTags {
  firstSeq: number;
  lastSeq: number;
  /** `case secret_id when id then tag … end`: the secrets row's tag. */
  secretTag: RawBuilder<string>;
  /** The same for the owner's key row in shares. */
  shareTag: RawBuilder<string>;
}

/** `case <column> when id then tag … end`, with every id and tag a bound parameter. */
function tagsById(column: string, tags: readonly (readonly [string, string])[]): RawBuilder<string> {
  const arms = tags.map(([id, tag]) => sql`when ${id} then ${tag}`);
  return sql<string>`case ${sql.ref(column)} ${sql.join(arms, sql` `)} end`;
}

/**
 * The tags of the secrets rows and the owner's key rows an import is about to create, by runs of staging
 * order. Written as the rows are copied: tagging them afterwards rewrote every row a second time.
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
  for (let at = 0; at < rows.length; at += BATCH) {
    const chunk = rows.slice(at, at + BATCH);
    runs.push({
      firstSeq: (chunk[0] as (typeof rows)[number]).seq,
      lastSeq: (chunk.at(-1) as (typeof rows)[number]).seq,
      secretTag: tagsById(
        'secret_id',
        chunk.map(({ secret_id: id }) => [id, tagOf(seal, secretTag({ id, owner_id: ownerId }))] as const),
      ),
      shareTag: tagsById(
        'secret_id',
        chunk.map(
          ({ secret_id: id }) =>
            [
              id,
              tagOf(seal, shareTag({ secret_id: id, principal_id: ownerId, permission: 'owner' })),
            ] as const,
        ),
      ),
    });
  }
  return runs;
}
