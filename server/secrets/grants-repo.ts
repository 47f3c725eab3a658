// Grants: the rows of `shares` other than the owner's, each holding a content key wrapped to one principal.
import { rowSealOf } from '../integrity/row-seal.ts';
import { intactRow, shareTag, tagOf } from '../integrity/row-tags.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Db, Store, Trx } from '../storage/database.ts';
import type { Grant, GrantPermission } from './grant-index.ts';
import { valueBinding, wrappedKeyBinding } from './secret-meta.ts';

const OWNER = 'owner';

export async function allGrantRows(db: Db, keyring: Keyring): Promise<Grant[]> {
  const rows = await db
    .selectFrom('shares')
    .select(['secret_id', 'principal_id', 'permission', 'row_seal'])
    .where('permission', '!=', OWNER)
    .execute();
  // A grant forged or widened in the file is left out (and reported), not loaded into the access index.
  const seal = rowSealOf(keyring);
  return rows
    .filter((r) => intactRow(seal, shareTag(r), r.row_seal))
    .map((r) => ({
      secretId: r.secret_id,
      principalId: r.principal_id,
      permission: r.permission === 'write' ? 'write' : 'read',
    }));
}

/** The generation of the secret's content key (every key row of a secret has the same one). */
export async function keyGeneration(db: Db | Trx, secretId: string): Promise<number> {
  const row = await db
    .selectFrom('shares')
    .select('key_generation')
    .where('secret_id', '=', secretId)
    .where('permission', '=', OWNER)
    .executeTakeFirst();
  return row?.key_generation ?? 1;
}

export interface NewGrant {
  secretId: string;
  principalId: string;
  permission: GrantPermission;
  wrappedKey: string;
  by: string;
  now: string;
}

/** Grants, or changes the permission and key of an existing grant. */
export async function putGrant(trx: Trx, keyring: Keyring, grant: NewGrant): Promise<void> {
  const generation = await keyGeneration(trx, grant.secretId);
  const wrapped = keyring.encrypt(
    grant.wrappedKey,
    wrappedKeyBinding(grant.secretId, grant.principalId, generation),
  );
  const rowSeal = tagOf(
    rowSealOf(keyring),
    shareTag({ secret_id: grant.secretId, principal_id: grant.principalId, permission: grant.permission }),
  );
  await trx
    .insertInto('shares')
    .values({
      secret_id: grant.secretId,
      principal_id: grant.principalId,
      permission: grant.permission,
      wrapped_key_enc: wrapped,
      key_generation: generation,
      granted_at: grant.now,
      granted_by: grant.by,
      row_seal: rowSeal,
    })
    .onConflict((oc) =>
      oc.columns(['secret_id', 'principal_id']).doUpdateSet({
        permission: grant.permission,
        row_seal: rowSeal,
        wrapped_key_enc: wrapped,
        granted_at: grant.now,
        granted_by: grant.by,
      }),
    )
    .execute();
}

export async function deleteGrant(trx: Trx, secretId: string, principalId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('shares')
    .where('secret_id', '=', secretId)
    .where('principal_id', '=', principalId)
    .where('permission', '!=', OWNER)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function deleteGrantsOfPrincipal(trx: Trx, principalId: string): Promise<void> {
  await trx
    .deleteFrom('shares')
    .where('principal_id', '=', principalId)
    .where('permission', '!=', OWNER)
    .execute();
}

export function grantRowsOf(db: Db, secretId: string) {
  return db
    .selectFrom('shares')
    .select(['principal_id', 'permission', 'granted_at', 'granted_by'])
    .where('secret_id', '=', secretId)
    .where('permission', '!=', OWNER)
    .orderBy('granted_at')
    .execute();
}

/** The live (not destroyed) versions of a secret: what a key rotation must re-encrypt. */
export async function liveVersions(db: Db | Trx, secretId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('secret_versions')
    .select('version')
    .where('secret_id', '=', secretId)
    .where('value_enc', 'is not', null)
    .orderBy('version')
    .execute();
  return rows.map((r) => r.version);
}

export interface Rotation {
  secretId: string;
  generation: number;
  values: { version: number; value: string }[];
  wrappedKeys: { principalId: string; wrappedKey: string }[];
}

/**
 * Replaces every live version's ciphertext and every key row with the ones of a new content key.
 * The caller has checked that the sets match exactly: no version and no reader is left on the old key.
 */
/**
 * Check-and-set on the owner's key row: moves the secret from generation `expected` to `expected + 1`, or
 * returns false when another rotation got there first. On PostgreSQL the row lock makes the second of two
 * concurrent rotations re-read the row and miss, so exactly one of them succeeds.
 */
export async function claimGeneration(trx: Trx, secretId: string, expected: number): Promise<boolean> {
  const result = await trx
    .updateTable('shares')
    .set({ key_generation: expected + 1 })
    .where('secret_id', '=', secretId)
    .where('permission', '=', OWNER)
    .where('key_generation', '=', expected)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function applyRotation(trx: Trx, keyring: Keyring, r: Rotation): Promise<void> {
  for (const { version, value } of r.values) {
    await trx
      .updateTable('secret_versions')
      .set({
        value_enc: keyring.encrypt(value, valueBinding(r.secretId, version)),
        key_generation: r.generation,
      })
      .where('secret_id', '=', r.secretId)
      .where('version', '=', version)
      .execute();
  }
  for (const { principalId, wrappedKey } of r.wrappedKeys) {
    await trx
      .updateTable('shares')
      .set({
        wrapped_key_enc: keyring.encrypt(
          wrappedKey,
          wrappedKeyBinding(r.secretId, principalId, r.generation),
        ),
        key_generation: r.generation,
      })
      .where('secret_id', '=', r.secretId)
      .where('principal_id', '=', principalId)
      .execute();
  }
}

/** Ids per statement when reading grants back: far under both dialects' bound-parameter limits. */
const IDS_PER_READ = 500;

/**
 * The grants of these secrets and to these principals (an id may be either), outside any transaction:
 * what a refresh of the grant index reads.
 */
export async function grantsTouching(
  store: Store,
  keyring: Keyring,
  ids: readonly string[],
): Promise<Grant[]> {
  const grants: Grant[] = [];
  for (let at = 0; at < ids.length; at += IDS_PER_READ) {
    const chunk = ids.slice(at, at + IDS_PER_READ);
    const rows = await store.read(
      store.db
        .selectFrom('shares')
        .select(['secret_id', 'principal_id', 'permission', 'row_seal'])
        .where('permission', '!=', OWNER)
        .where((eb) => eb.or([eb('secret_id', 'in', chunk), eb('principal_id', 'in', chunk)])),
    );
    const seal = rowSealOf(keyring);
    for (const r of rows) {
      if (!intactRow(seal, shareTag(r), r.row_seal)) continue;
      grants.push({
        secretId: r.secret_id,
        principalId: r.principal_id,
        permission: r.permission === 'write' ? 'write' : 'read',
      });
    }
  }
  return grants;
}

/** The grants a principal holds to other people's secrets: what "shared with me" lists. */
export function grantsToPrincipal(db: Db, principalId: string) {
  return db
    .selectFrom('shares')
    .select(['secret_id', 'permission', 'granted_at'])
    .where('principal_id', '=', principalId)
    .where('permission', '!=', OWNER)
    .execute();
}
