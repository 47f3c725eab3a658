// Reads and writes secrets, their versions and wrapped keys; all sealed columns are opened here.
import { rowSealOf } from '../integrity/row-seal.ts';
import { checkRow, secretTag, shareTag, tagOf } from '../integrity/row-tags.ts';
import { IntegrityError, type Keyring } from '../keyring/index.ts';
import type { Logger } from '../log.ts';
import type { Db, Store, Trx } from '../storage/database.ts';
import { statementFor } from '../storage/precompiled.ts';
import { preparedRead } from '../storage/prepared.ts';
import { openJson, sealJson } from '../storage/sealed-json.ts';
import type { SecretRow } from '../storage/tables/secrets.ts';
import {
  metaBinding,
  type SecretMeta,
  secretMetaSchema,
  valueBinding,
  wrappedKeyBinding,
} from './secret-meta.ts';

export interface SecretRecord extends SecretMeta {
  id: string;
  ownerId: string;
  version: number;
  /** Counts every change (metadata or value): the revision a client may name for check-and-set. */
  metaVersion: number;
  /** The metaVersion the current value version was written at. */
  valueMetaVersion: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/**
 * A row for the in-memory index, or null for a row that fails its integrity check: one damaged row must not
 * lock everyone out, so it is left unlisted and reported.
 */
export function indexRecordOf(keyring: Keyring, row: SecretRow, log: Logger): SecretRecord | null {
  try {
    return toSecretRecord(keyring, row);
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    log.error({ secretId: row.id }, 'a secret failed its integrity check and is left out of the index');
    return null;
  }
}

export function toSecretRecord(keyring: Keyring, row: SecretRow): SecretRecord {
  // The owner decides who may delete, share or read: an owner_id edited in the file is refused.
  checkRow(rowSealOf(keyring), secretTag(row), row.row_seal);
  const meta = openJson(keyring, row.meta_enc, metaBinding(row.id, row.meta_version), secretMetaSchema);
  return {
    ...meta,
    id: row.id,
    ownerId: row.owner_id,
    version: row.current_version,
    metaVersion: row.meta_version,
    valueMetaVersion: row.value_meta_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export async function findSecret(db: Db | Trx, keyring: Keyring, id: string): Promise<SecretRecord | null> {
  const row = await db.selectFrom('secrets').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSecretRecord(keyring, row) : null;
}

export interface NewSecret {
  id: string;
  ownerId: string;
  meta: SecretMeta;
  value: string;
  wrappedKey: string;
  now: string;
}

export async function insertSecret(trx: Trx, keyring: Keyring, s: NewSecret): Promise<void> {
  await trx
    .insertInto('secrets')
    .values({
      id: s.id,
      owner_id: s.ownerId,
      meta_enc: sealJson(keyring, metaBinding(s.id, 1), s.meta),
      meta_version: 1,
      value_meta_version: 1,
      current_version: 1,
      created_at: s.now,
      updated_at: s.now,
      deleted_at: null,
      row_seal: tagOf(rowSealOf(keyring), secretTag({ id: s.id, owner_id: s.ownerId })),
    })
    .execute();
  await insertVersion(trx, keyring, {
    secretId: s.id,
    version: 1,
    value: s.value,
    by: s.ownerId,
    now: s.now,
  });
  await trx
    .insertInto('shares')
    .values({
      secret_id: s.id,
      principal_id: s.ownerId,
      permission: 'owner',
      wrapped_key_enc: keyring.encrypt(s.wrappedKey, wrappedKeyBinding(s.id, s.ownerId, 1)),
      key_generation: 1,
      granted_at: s.now,
      granted_by: s.ownerId,
      row_seal: tagOf(
        rowSealOf(keyring),
        shareTag({ secret_id: s.id, principal_id: s.ownerId, permission: 'owner' }),
      ),
    })
    .execute();
}

interface NewVersion {
  secretId: string;
  version: number;
  value: string;
  by: string;
  now: string;
}

const insertVersionStatement = statementFor<[string, number, Buffer, string, string]>(
  (db, secretId, version, valueEnc, now, by) =>
    db.insertInto('secret_versions').values({
      secret_id: secretId,
      version: version,
      value_enc: valueEnc,
      // The generation of the content key it is encrypted under: the one the key rows hold now.
      key_generation: (eb) =>
        eb.fn.coalesce(
          eb
            .selectFrom('shares')
            .select('key_generation')
            .where('secret_id', '=', secretId)
            .where('permission', '=', 'owner'),
          eb.lit(1),
        ),
      created_at: now,
      created_by: by,
      destroyed_at: null,
    }),
  5,
);

/** Every version write goes through here: compiled once (see statementFor), since writes are a hot path. */
export async function insertVersion(trx: Trx, keyring: Keyring, v: NewVersion): Promise<void> {
  const valueEnc = keyring.encrypt(v.value, valueBinding(v.secretId, v.version));
  await trx.executeQuery(insertVersionStatement(trx, v.secretId, v.version, valueEnc, v.now, v.by));
}

const updateSecretStatement = statementFor<[Buffer, number, number, number, string, string, number, number]>(
  (
    db,
    metaEnc,
    metaVersion,
    valueMetaVersion,
    currentVersion,
    now,
    id,
    expectedVersion,
    expectedMetaVersion,
  ) =>
    db
      .updateTable('secrets')
      .set({
        meta_enc: metaEnc,
        meta_version: metaVersion,
        value_meta_version: valueMetaVersion,
        current_version: currentVersion,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('current_version', '=', expectedVersion)
      .where('meta_version', '=', expectedMetaVersion),
  8,
);

/**
 * Check-and-set: writes new metadata and/or a new version only if the secret is still at expectedVersion
 * and at the metadata version `current` holds (every change bumps it, so of two writers that read the same
 * state exactly one gets through, on SQLite and on PostgreSQL alike).
 * Returns the new version, or null when someone else changed it first.
 */
export async function updateSecret(
  trx: Trx,
  keyring: Keyring,
  current: SecretRecord,
  change: { expectedVersion: number; meta: SecretMeta; value: string | undefined; by: string; now: string },
): Promise<number | null> {
  const nextMetaVersion = current.metaVersion + 1;
  const nextVersion = change.value === undefined ? current.version : current.version + 1;
  const result = await trx.executeQuery(
    updateSecretStatement(
      trx,
      sealJson(keyring, metaBinding(current.id, nextMetaVersion), change.meta),
      nextMetaVersion,
      change.value === undefined ? current.valueMetaVersion : nextMetaVersion,
      nextVersion,
      change.now,
      current.id,
      change.expectedVersion,
      current.metaVersion,
    ),
  );
  if (result.numAffectedRows !== 1n) return null;
  if (change.value !== undefined) {
    await insertVersion(trx, keyring, {
      secretId: current.id,
      version: nextVersion,
      value: change.value,
      by: change.by,
      now: change.now,
    });
  }
  return nextVersion;
}

/**
 * Deletes the versions older than the newest `keep`. Version numbers have no gaps (destroying a version
 * keeps its row), so the cut-off follows from the newest number alone.
 */
export async function pruneVersions(trx: Trx, secretId: string, newest: number, keep: number): Promise<void> {
  const oldestKept = newest - keep + 1;
  if (oldestKept <= 1) return;
  await trx
    .deleteFrom('secret_versions')
    .where('secret_id', '=', secretId)
    .where('version', '<', oldestKept)
    .execute();
}

const readValueRow = preparedRead(
  (db, secretId: string, version: number, principalId: string) =>
    db
      .selectFrom('secret_versions as v')
      .innerJoin('shares as s', (join) =>
        join.onRef('s.secret_id', '=', 'v.secret_id').on('s.principal_id', '=', principalId),
      )
      .select(['v.value_enc', 'v.created_at', 's.wrapped_key_enc', 's.key_generation'])
      .where('v.secret_id', '=', secretId)
      .where('v.version', '=', version),
  3,
);

/**
 * One version's value and the reader's wrapped key, in one query: the hot path of every read.
 * Null when the version does not exist or the principal holds no key to the secret.
 */
export async function readValueForReader(
  store: Store,
  keyring: Keyring,
  secretId: string,
  version: number,
  principalId: string,
): Promise<{ value: string | null; createdAt: string; wrappedKey: string } | null> {
  const row = await readValueRow(store, secretId, version, principalId);
  if (!row) return null;
  return {
    value: row.value_enc ? keyring.decryptString(row.value_enc, valueBinding(secretId, version)) : null,
    createdAt: row.created_at,
    wrappedKey: keyring.decryptString(
      row.wrapped_key_enc,
      wrappedKeyBinding(secretId, principalId, row.key_generation),
    ),
  };
}

export function listVersions(db: Db, secretId: string) {
  return db
    .selectFrom('secret_versions')
    .select(['version', 'created_at', 'destroyed_at'])
    .where('secret_id', '=', secretId)
    .orderBy('version', 'desc')
    .execute();
}

export async function setDeleted(trx: Trx, id: string, deletedAt: string | null, now: string): Promise<void> {
  await trx
    .updateTable('secrets')
    .set({ deleted_at: deletedAt, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function destroyVersion(trx: Trx, id: string, version: number, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('secret_versions')
    .set({ value_enc: null, destroyed_at: now })
    .where('secret_id', '=', id)
    .where('version', '=', version)
    .where('destroyed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Every secret row, for building the in-memory index at unseal. */
export function allSecretRows(db: Db): Promise<SecretRow[]> {
  return db.selectFrom('secrets').selectAll().execute();
}

/** Ids per statement when reading rows back by id: far under both dialects' bound-parameter limits. */
const IDS_PER_READ = 500;

/** The secret rows with these ids (those that still exist), outside any transaction: what a refresh reads. */
export async function secretRowsByIds(store: Store, ids: readonly string[]): Promise<SecretRow[]> {
  const rows: SecretRow[] = [];
  for (let at = 0; at < ids.length; at += IDS_PER_READ) {
    const chunk = ids.slice(at, at + IDS_PER_READ);
    rows.push(...(await store.read(store.db.selectFrom('secrets').selectAll().where('id', 'in', chunk))));
  }
  return rows;
}
