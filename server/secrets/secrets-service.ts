// The secrets: their rows, the in-memory index of their metadata and the copy of values readers last
// read, kept in step by construction. Every write here registers what it changed (with the record it now
// is, where the write knows it), and memory learns of it once the transaction commits (see
// storage/commit-effects.ts); another node's writes arrive through the same refresh(ids).
import {
  inIndexOrder,
  insertStagedSecrets,
  type Replacement,
  replaceSecrets,
} from '../imports/apply-import.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Logger } from '../log.ts';
import { type MemoryCopy, touched } from '../storage/commit-effects.ts';
import type { Store, Trx } from '../storage/database.ts';
import { allGrantRows } from './grants-repo.ts';
import type { GrantsService } from './grants-service.ts';
import { purgeSecrets } from './purge-repo.ts';
import { type ReaderValue, ReaderValueCache } from './reader-value-cache.ts';
import { SecretIndex } from './secret-index.ts';
import type { SecretMeta } from './secret-meta.ts';
import {
  allSecretRows,
  destroyVersion,
  findSecret,
  indexRecordOf,
  insertSecret,
  listVersions,
  type NewSecret,
  pruneVersions,
  readValuesForReader,
  type SecretRecord,
  secretRowsByIds,
  setDeleted,
  updateSecret,
  type WantedVersion,
} from './secrets-repo.ts';

/** What the monitor and the handlers may ask of the index; only this service changes it. */
export type SecretIndexView = Pick<
  SecretIndex,
  'size' | 'ownerOf' | 'get' | 'record' | 'list' | 'search' | 'folders'
>;

export interface SecretsServiceOptions {
  store: Store;
  log: Logger;
  /** The open keyring (throws while sealed): index records are opened with it. */
  keyring: () => Keyring;
  grants: GrantsService;
}

/** A secret's metadata or value changed: what updateSecret writes. */
export interface SecretChange {
  expectedVersion: number;
  meta: SecretMeta;
  value: string | undefined;
  by: string;
  now: string;
  /** Older versions beyond this many go in the same transaction. */
  versionsToKeep?: number;
}

/** What a committed import writes: new secrets copied from staging, and replacements (check-and-set). */
export interface ImportWrite {
  importId: string;
  ownerId: string;
  now: string;
  versionsToKeep: number;
  /** The records the staged new secrets become (known from staging, so memory need not read them back). */
  created: SecretRecord[];
  replacements: Replacement[];
}

export class SecretsService implements MemoryCopy<SecretRecord> {
  readonly name = 'secrets';
  readonly #index = new SecretIndex();
  readonly #values = new ReaderValueCache();
  readonly #store: Store;
  readonly #log: Logger;
  readonly #keyring: () => Keyring;
  readonly #grants: GrantsService;

  constructor(options: SecretsServiceOptions) {
    this.#store = options.store;
    this.#log = options.log;
    this.#keyring = options.keyring;
    this.#grants = options.grants;
  }

  get index(): SecretIndexView {
    return this.#index;
  }

  /** How many readers' values are copied in memory (tests look whether a write dropped them). */
  get cachedValues(): number {
    return this.#values.size;
  }

  /** A version's value and the reader's wrapped key, from the copy of what readers last read. */
  readValue(secretId: string, version: number, principalId: string): Promise<ReaderValue | null> {
    return this.#values.read(this.#store, this.#keyring(), secretId, version, principalId);
  }

  /**
   * Many versions at once, always from the store (reading many at once must not push the hot copies
   * out): the values in the order asked, or the place of the first one with no row or no key for the reader.
   */
  readValuesUncached(
    wanted: readonly WantedVersion[],
    principalId: string,
  ): Promise<{ values: ReaderValue[] } | { missing: number }> {
    return readValuesForReader(this.#store, this.#keyring(), wanted, principalId);
  }

  forgetValues(): void {
    this.#values.clear();
  }

  /** The stored secret with this id, whoever owns it (the index may not know one made on another node yet). */
  find(id: string): Promise<SecretRecord | null> {
    return findSecret(this.#store.db, this.#keyring(), id);
  }

  /** A secret's versions as stored, newest first, destroyed ones marked. */
  versions(id: string) {
    return listVersions(this.#store.db, id);
  }

  async create(trx: Trx, keyring: Keyring, secret: NewSecret): Promise<SecretRecord> {
    await insertSecret(trx, keyring, secret);
    const record: SecretRecord = {
      ...secret.meta,
      id: secret.id,
      ownerId: secret.ownerId,
      version: 1,
      metaVersion: 1,
      valueMetaVersion: 1,
      createdAt: secret.now,
      updatedAt: secret.now,
      deletedAt: null,
    };
    touched(trx, this, [], [[record.id, record]]);
    return record;
  }

  /** Check-and-set on `current`: the new record, or null when someone else changed the secret first. */
  async update(
    trx: Trx,
    keyring: Keyring,
    current: SecretRecord,
    change: SecretChange,
  ): Promise<SecretRecord | null> {
    const version = await updateSecret(trx, keyring, current, change);
    if (version === null) return null;
    if (change.versionsToKeep !== undefined) {
      await pruneVersions(trx, current.id, version, change.versionsToKeep);
    }
    const metaVersion = current.metaVersion + 1;
    const record: SecretRecord = {
      ...current,
      ...change.meta,
      version,
      metaVersion,
      valueMetaVersion: change.value === undefined ? current.valueMetaVersion : metaVersion,
      updatedAt: change.now,
    };
    touched(trx, this, [], [[record.id, record]]);
    return record;
  }

  /** Moves a secret to the trash (a date) or back out of it (null). */
  async setDeleted(trx: Trx, current: SecretRecord, deletedAt: string | null, now: string): Promise<void> {
    await setDeleted(trx, current.id, deletedAt, now);
    touched(trx, this, [], [[current.id, { ...current, deletedAt, updatedAt: now }]]);
  }

  /** Destroys one version's value (the row stays, so numbering keeps no gaps); false if there was none. */
  async destroyVersion(trx: Trx, id: string, version: number, now: string): Promise<boolean> {
    const destroyed = await destroyVersion(trx, id, version, now);
    if (destroyed) touched(trx, this, [id]);
    return destroyed;
  }

  /** Deletes secrets for good with their versions and grants; answers how many went. */
  async purge(trx: Trx, ids: readonly string[]): Promise<number> {
    const purged = await purgeSecrets(trx, ids);
    touched(trx, this, ids);
    this.#grants.forgetSecrets(trx, ids);
    return purged;
  }

  /**
   * Writes a committed import: the earlier versions kept, or the index of the first replacement that
   * changed meanwhile (then the caller rolls back).
   */
  async applyImport(
    trx: Trx,
    keyring: Keyring,
    write: ImportWrite,
  ): Promise<{ versions: number } | { changed: number }> {
    const versions = await insertStagedSecrets(
      trx,
      keyring,
      write.importId,
      write.ownerId,
      write.now,
      write.versionsToKeep,
    );
    const replaced = await replaceSecrets(
      trx,
      keyring,
      write.replacements,
      write.ownerId,
      write.now,
      write.versionsToKeep,
    );
    if ('changed' in replaced) return replaced;
    touched(
      trx,
      this,
      [],
      [...write.created, ...replaced.records].map((record) => [record.id, record] as const),
    );
    return { versions };
  }

  /**
   * Rebuilds the index and the grants from every row: at unseal, and when another node's changes are
   * too many to apply one by one. Both are read before either is replaced, so no request sees a new
   * index with old grants.
   */
  async load(keyring: Keyring = this.#keyring()): Promise<void> {
    const [secretRows, grantRows] = await Promise.all([
      allSecretRows(this.#store.db),
      allGrantRows(this.#store.db, keyring),
    ]);
    const records = secretRows.flatMap((row) => indexRecordOf(keyring, row, this.#log) ?? []);
    this.#values.clear();
    this.#index.load(records);
    this.#grants.replace(grantRows);
  }

  /** At seal: nothing of the secrets stays in memory. */
  clear(): void {
    this.#index.clear();
    this.#grants.clear();
    this.#values.clear();
  }

  /**
   * Brings these ids up to date: those `known` from a local write as given, the rest read back (another
   * node's change, a purge). A row that is gone, or fails its integrity check, leaves the index.
   */
  async refresh(ids: readonly string[], known?: ReadonlyMap<string, SecretRecord>): Promise<void> {
    // First, before anything is awaited: a read under way does not keep what it read (see the cache).
    this.#values.clear();
    const unknown = known ? ids.filter((id) => !known.has(id)) : ids;
    const records: SecretRecord[] = [...(known?.values() ?? [])];
    const gone = new Set(unknown);
    if (unknown.length > 0) {
      const keyring = this.#keyring();
      for (const row of await secretRowsByIds(this.#store, unknown)) {
        const record = indexRecordOf(keyring, row, this.#log);
        if (record) {
          records.push(record);
          gone.delete(row.id);
        }
      }
    }
    for (const id of gone) this.#index.remove(id);
    // In index order, so many inserts into one owner's sorted shelf append rather than shift.
    for (const record of records.length > 1 ? inIndexOrder(records) : records) this.#index.upsert(record);
  }
}
