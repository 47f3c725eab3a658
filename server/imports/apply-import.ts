// Writes a committed import in the caller's transaction: new secrets copied from staging, replacements check-and-set.
import type { Compilable, CompiledQuery, Kysely, RawBuilder } from 'kysely';
import { type ImportedTags, importedRowTags, tagsById } from '../integrity/imported-rows.ts';
import type { Keyring } from '../keyring/index.ts';
import { type NewSecret, pruneVersions, type SecretRecord, updateSecret } from '../secrets/secrets-repo.ts';
import type { Trx } from '../storage/database.ts';
import { statementsBySize } from '../storage/precompiled.ts';
import type { Database } from '../storage/schema.ts';

/** The new secrets of an import, staging order, seqs first..last (the arguments below are stand-ins). */
function stagedRun(trx: Kysely<Database>, importId: string, firstSeq: number, lastSeq: number) {
  return trx
    .selectFrom('import_items')
    .where('import_id', '=', importId)
    .where('kind', '=', 'create')
    .where('seq', '>=', firstSeq)
    .where('seq', '<=', lastSeq)
    .orderBy('seq');
}

/** Arguments of a run's copy: importId, ownerId, now, firstSeq, lastSeq, then its ids, then its tags. */
type RunArgs = [string, string, string, number, number, ...string[]];

/**
 * A run's copy into secrets or shares, precompiled per dialect and run size (see chunkSizes): building and
 * compiling a statement with a `case` of every id of the run, twice per run, showed in an import's profile.
 */
function runStatement(
  build: (trx: Kysely<Database>, args: RunArgs, tag: RawBuilder<string>) => Compilable<unknown>,
): (trx: Kysely<Database>, args: RunArgs, size: number) => CompiledQuery<unknown> {
  const statementOf = statementsBySize<RunArgs>(
    (db, size, ...standIns) => {
      const ids = standIns.slice(5, 5 + size) as string[];
      const tags = standIns.slice(5 + size) as string[];
      return build(db, standIns, tagsById('secret_id', ids, tags));
    },
    (size) => 5 + 2 * size,
  );
  return (trx, args, size) => statementOf(trx, size).bindAll(args);
}

const copySecretsRun = runStatement((trx, [importId, ownerId, now, firstSeq, lastSeq], tag) =>
  trx
    .insertInto('secrets')
    .columns([
      'id',
      'owner_id',
      'meta_enc',
      'meta_version',
      'current_version',
      'created_at',
      'updated_at',
      'row_seal',
    ])
    .expression(
      stagedRun(trx, importId, firstSeq, lastSeq).select((eb) => [
        'secret_id',
        eb.val(ownerId).as('owner_id'),
        'meta_enc',
        eb.lit(1).as('meta_version'),
        'current_version',
        eb.fn.coalesce('created_at', eb.val(now)).as('created_at'),
        eb.fn.coalesce('updated_at', eb.val(now)).as('updated_at'),
        tag.as('row_seal'),
      ]),
    ),
);

const copyOwnerKeysRun = runStatement((trx, [importId, ownerId, now, firstSeq, lastSeq], tag) =>
  trx
    .insertInto('shares')
    .columns([
      'secret_id',
      'principal_id',
      'permission',
      'wrapped_key_enc',
      'key_generation',
      'granted_at',
      'granted_by',
      'row_seal',
    ])
    .expression(
      stagedRun(trx, importId, firstSeq, lastSeq).select((eb) => [
        'secret_id',
        eb.val(ownerId).as('principal_id'),
        eb.val('owner').as('permission'),
        'wrapped_key_enc',
        eb.lit(1).as('key_generation'),
        eb.val(now).as('granted_at'),
        eb.val(ownerId).as('granted_by'),
        tag.as('row_seal'),
      ]),
    ),
);

/**
 * The rows insertSecret writes (the secret, its versions, the owner's wrapped key) for every new secret
 * of the import, copied from staging in a few statements: nothing is opened or sealed again. A secret with
 * earlier versions gets them as versions 1..n and its current value as n + 1, each with the date it had in
 * the tool it comes from; then each is cut to the newest `versionsToKeep`. Returns the earlier versions kept.
 */
export async function insertStagedSecrets(
  trx: Trx,
  keyring: Keyring,
  importId: string,
  ownerId: string,
  now: string,
  versionsToKeep: number,
): Promise<number> {
  // Each run of rows is copied with its row tags in place, so no row is written twice.
  const runs = await importedRowTags(trx, keyring, importId, ownerId);
  const argsOf = (run: ImportedTags, tags: string[]): RunArgs => [
    importId,
    ownerId,
    now,
    run.firstSeq,
    run.lastSeq,
    ...run.ids,
    ...tags,
  ];
  for (const run of runs) {
    await trx.executeQuery(copySecretsRun(trx, argsOf(run, run.secretTags), run.ids.length));
  }
  await trx
    .insertInto('secret_versions')
    .columns(['secret_id', 'version', 'value_enc', 'key_generation', 'created_at', 'created_by'])
    .expression(
      trx
        .selectFrom('import_items')
        .where('import_id', '=', importId)
        .where('kind', '=', 'create')
        .orderBy('seq')
        .select((eb) => [
          'secret_id',
          'current_version',
          'value_enc',
          eb.lit(1).as('key_generation'),
          eb.fn.coalesce('updated_at', eb.val(now)).as('created_at'),
          eb.val(ownerId).as('created_by'),
        ]),
    )
    .execute();
  // Only versions within the newest versionsToKeep of their secret are copied: the rest would be pruned.
  const copied = await trx
    .insertInto('secret_versions')
    .columns(['secret_id', 'version', 'value_enc', 'key_generation', 'created_at', 'created_by'])
    .expression(
      trx
        .selectFrom('import_item_versions as v')
        .innerJoin('import_items as i', (join) =>
          join.onRef('i.import_id', '=', 'v.import_id').onRef('i.seq', '=', 'v.seq'),
        )
        .where('v.import_id', '=', importId)
        .where('i.kind', '=', 'create')
        .where((eb) => eb('v.version', '>', eb('i.current_version', '-', versionsToKeep)))
        .select((eb) => [
          'i.secret_id',
          'v.version',
          'v.value_enc',
          eb.lit(1).as('key_generation'),
          'v.created_at',
          eb.val(ownerId).as('created_by'),
        ]),
    )
    .executeTakeFirst();
  for (const run of runs) {
    await trx.executeQuery(copyOwnerKeysRun(trx, argsOf(run, run.shareTags), run.ids.length));
  }
  return Number(copied.numInsertedOrUpdatedRows ?? 0n);
}

export interface Replacement {
  current: SecretRecord;
  meta: NewSecret['meta'];
  value: string;
}

/**
 * New versions of existing secrets, each check-and-set against the version it was staged for. Returns the
 * records as they now are, or the index of the first one that changed meanwhile (then the caller rolls back).
 */
export async function replaceSecrets(
  trx: Trx,
  keyring: Keyring,
  replacements: readonly Replacement[],
  by: string,
  now: string,
  versionsToKeep: number,
): Promise<{ records: SecretRecord[] } | { changed: number }> {
  const records: SecretRecord[] = [];
  for (const [i, { current, meta, value }] of replacements.entries()) {
    const version = await updateSecret(trx, keyring, current, {
      expectedVersion: current.version,
      meta,
      value,
      by,
      now,
    });
    if (version === null) return { changed: i };
    await pruneVersions(trx, current.id, version, versionsToKeep);
    const metaVersion = current.metaVersion + 1;
    records.push({
      ...current,
      ...meta,
      version,
      metaVersion,
      valueMetaVersion: metaVersion,
      updatedAt: now,
    });
  }
  return { records };
}

/**
 * Index order (folder, then name, then id): a large import upserted in this order mostly appends to the
 * index's sorted arrays instead of shifting them. Only speed depends on it matching the index exactly.
 */
export function inIndexOrder(records: SecretRecord[]): SecretRecord[] {
  const keyOf = (r: SecretRecord) =>
    `${r.path === '/' ? '' : r.path.replaceAll('/', '\u0001')}\u0000${r.name.toLowerCase()}\u0000${r.id}`;
  return records
    .map((r) => ({ key: keyOf(r), r }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ r }) => r);
}
