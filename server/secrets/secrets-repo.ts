// Reads and writes secrets, their versions and wrapped keys; all sealed columns are opened here.
import { type Kysely, sql } from 'kysely';
import { rowSealOf } from '../integrity/row-seal.ts';
import { checkRow, secretTag, shareTag, tagOf } from '../integrity/row-tags.ts';
import { IntegrityError, type Keyring } from '../keyring/index.ts';
import type { Logger } from '../log.ts';
import type { Db, Store, Trx } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import { asCompilable, statementFor, statementsBySize } from '../storage/precompiled.ts';
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
): Promise<ReaderValueRow | null> {
  const row = await readValueRow(store, secretId, version, principalId);
  return row ? openValueRow(keyring, secretId, version, principalId, row) : null;
}

/** A version's value (null once destroyed) and the reader's wrapped key, opened from their at-rest envelopes. */
export interface ReaderValueRow {
  value: string | null;
  createdAt: string;
  wrappedKey: string;
}

/** The columns a value read selects, one row per (version, reader). */
interface StoredValueRow {
  value_enc: Buffer | null;
  created_at: string;
  wrapped_key_enc: Buffer;
  key_generation: number;
}

/** Opens both envelopes, each bound to the place it was read for, so a row moved elsewhere fails. */
function openValueRow(
  keyring: Keyring,
  secretId: string,
  version: number,
  principalId: string,
  row: StoredValueRow,
): ReaderValueRow {
  return {
    value: row.value_enc ? keyring.decryptString(row.value_enc, valueBinding(secretId, version)) : null,
    createdAt: row.created_at,
    wrappedKey: keyring.decryptString(
      row.wrapped_key_enc,
      wrappedKeyBinding(secretId, principalId, row.key_generation),
    ),
  };
}

/** One version of one secret, as a batch read names it. */
export interface WantedVersion {
  id: string;
  version: number;
}

/**
 * (id, version) pairs per statement of a batch read: 2 parameters each, so 1,001 a statement, far under
 * SQLite's 32,766 and PostgreSQL's 65,535; a readSecretBatch call (500 at most) is one statement.
 */
const VERSIONS_PER_READ = 500;

/** What a batch read selects: readValueRow's columns, plus which version each row is. */
const BATCH_COLUMNS = [
  'v.secret_id',
  'v.version',
  'v.value_enc',
  'v.created_at',
  's.wrapped_key_enc',
  's.key_generation',
] as const;

/**
 * One statement for these versions with the principal's keys. Each dialect's planner needs its own form to
 * make every (secret_id, version) one primary-key lookup: SQLite does it for a row-value IN, but scans the
 * versions against a VALUES list; PostgreSQL turns the row-value IN into a long OR tested against every
 * share the reader holds, but drives a join from a VALUES list (whose columns it names column1, column2,
 * as SQLite does; the cast tells it the version is a number, as an untyped parameter would be text).
 */
function batchValueQuery(db: Db, chunk: readonly WantedVersion[], principalId: string) {
  if (dialectOf(db as Kysely<unknown>) === 'sqlite') {
    return db
      .selectFrom('secret_versions as v')
      .innerJoin('shares as s', (join) =>
        join.onRef('s.secret_id', '=', 'v.secret_id').on('s.principal_id', '=', principalId),
      )
      .select(BATCH_COLUMNS)
      .where((eb) =>
        eb(
          eb.refTuple('v.secret_id', 'v.version'),
          'in',
          chunk.map((w) => eb.tuple(w.id, w.version)),
        ),
      );
  }
  const rows = chunk.map((w) => sql`(${w.id}, cast(${w.version} as integer))`);
  return db
    .selectFrom(sql<{ column1: string; column2: number }>`(values ${sql.join(rows)})`.as('w'))
    .innerJoin('secret_versions as v', (join) =>
      join.onRef('v.secret_id', '=', 'w.column1').onRef('v.version', '=', 'w.column2'),
    )
    .innerJoin('shares as s', (join) =>
      join.onRef('s.secret_id', '=', 'v.secret_id').on('s.principal_id', '=', principalId),
    )
    .select(BATCH_COLUMNS);
}

/** A row of a batch read: a value row and which version it is. */
type BatchValueRow = StoredValueRow & { secret_id: string; version: number };

/**
 * batchValueQuery built and compiled once per dialect and batch size (at most VERSIONS_PER_READ of them):
 * building and compiling 500 tuples with kysely on every batch took about a fifth of what SQLite's lookups
 * for them take (issue 18). Arguments: the principal, then each version's id and number.
 */
const batchValueStatementOf = statementsBySize<[string, ...(string | number)[]]>(
  (db, size, principal, ...pairs) =>
    batchValueQuery(
      db,
      Array.from({ length: size }, (_, i) => ({
        id: pairs[2 * i] as string,
        version: pairs[2 * i + 1] as number,
      })),
      principal,
    ),
  (size) => 1 + 2 * size,
);

function batchValueStatement(store: Store, chunk: readonly WantedVersion[], principalId: string) {
  const args: [string, ...(string | number)[]] = [principalId];
  for (const w of chunk) args.push(w.id, w.version);
  return asCompilable<BatchValueRow>(batchValueStatementOf(store.db, chunk.length).bindAll(args));
}

/**
 * Many versions' values and the reader's wrapped keys: readValueForReader for a whole batch, one
 * statement per VERSIONS_PER_READ, then the at-rest envelopes opened in one loop, in the order asked.
 * Stops at the first wanted version without a row or without the principal's key (as a read one by one
 * would), answering its place in `wanted`.
 */
export async function readValuesForReader(
  store: Store,
  keyring: Keyring,
  wanted: readonly WantedVersion[],
  principalId: string,
): Promise<{ values: ReaderValueRow[] } | { missing: number }> {
  const rows = new Map<string, StoredValueRow>();
  for (let at = 0; at < wanted.length; at += VERSIONS_PER_READ) {
    const chunk = wanted.slice(at, at + VERSIONS_PER_READ);
    for (const row of await store.read(batchValueStatement(store, chunk, principalId)))
      rows.set(`${row.secret_id}\n${row.version}`, row);
  }
  const values: ReaderValueRow[] = [];
  for (const [i, { id, version }] of wanted.entries()) {
    const row = rows.get(`${id}\n${version}`);
    if (!row) return { missing: i };
    values.push(openValueRow(keyring, id, version, principalId, row));
  }
  return { values };
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
