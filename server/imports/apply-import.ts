// Writes a committed import: new secrets many rows per statement, replacements check-and-set, in the caller's transaction.
import type { Keyring } from '../keyring/index.ts';
import { metaBinding, valueBinding, wrappedKeyBinding } from '../secrets/secret-meta.ts';
import { type NewSecret, pruneVersions, type SecretRecord, updateSecret } from '../secrets/secrets-repo.ts';
import type { Trx } from '../storage/database.ts';
import { sealJson } from '../storage/sealed-json.ts';

/** Rows per INSERT: 8 columns × 200 stays far below SQLite's limit of bound parameters. */
const ROWS_PER_STATEMENT = 200;

/**
 * The rows insertSecret writes (the secret, its version 1, the owner's wrapped key), for many secrets at
 * once: one statement per table and chunk instead of three per secret, which is what makes 100,000 fit
 * the time budget. A new secret's content key is of generation 1, as insertSecret's version row finds.
 */
export async function insertSecrets(
  trx: Trx,
  keyring: Keyring,
  secrets: readonly NewSecret[],
): Promise<void> {
  for (let start = 0; start < secrets.length; start += ROWS_PER_STATEMENT) {
    const chunk = secrets.slice(start, start + ROWS_PER_STATEMENT);
    await trx
      .insertInto('secrets')
      .values(
        chunk.map((s) => ({
          id: s.id,
          owner_id: s.ownerId,
          meta_enc: sealJson(keyring, metaBinding(s.id, 1), s.meta),
          meta_version: 1,
          current_version: 1,
          created_at: s.now,
          updated_at: s.now,
          deleted_at: null,
        })),
      )
      .execute();
    await trx
      .insertInto('secret_versions')
      .values(
        chunk.map((s) => ({
          secret_id: s.id,
          version: 1,
          value_enc: keyring.encrypt(s.value, valueBinding(s.id, 1)),
          key_generation: 1,
          created_at: s.now,
          created_by: s.ownerId,
          destroyed_at: null,
        })),
      )
      .execute();
    await trx
      .insertInto('shares')
      .values(
        chunk.map((s) => ({
          secret_id: s.id,
          principal_id: s.ownerId,
          permission: 'owner',
          wrapped_key_enc: keyring.encrypt(s.wrappedKey, wrappedKeyBinding(s.id, s.ownerId, 1)),
          key_generation: 1,
          granted_at: s.now,
          granted_by: s.ownerId,
        })),
      )
      .execute();
  }
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
    records.push({ ...current, ...meta, version, metaVersion: current.metaVersion + 1, updatedAt: now });
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
