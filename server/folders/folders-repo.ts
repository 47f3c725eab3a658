// Stored folders: one row per folder a person made (or kept by a rename), its path sealed under the keyring.
// Read from the database on every request, no copy in memory: every node sharing a PostgreSQL sees the
// same folders at once, with nothing to refresh.
import { randomUUID } from 'node:crypto';
import { pathSchema } from '../../contract/common.ts';
import { type Binding, IntegrityError, type Keyring } from '../keyring/index.ts';
import { uncopiedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Trx } from '../storage/database.ts';

export interface StoredFolder {
  id: string;
  path: string;
}

const binding = (id: string): Binding => ({ table: 'folders', id, column: 'path', version: 1 });

/** Owner and path together: the same path of two owners gives two unrelated indexes. */
function pathIndex(keyring: Keyring, ownerId: string, path: string): string {
  return keyring.blindIndex('folder-path', `${ownerId}\u0000${path}`);
}

/** The owner's stored folders, sorted by path. */
export async function storedFolders(
  db: Db | Trx,
  keyring: Keyring,
  ownerId: string,
): Promise<StoredFolder[]> {
  const rows = await db
    .selectFrom('folders')
    .select(['id', 'path_enc'])
    .where('owner_id', '=', ownerId)
    .execute();
  return rows.flatMap((r) => opened(keyring, r) ?? []).sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * A row whose path does not open under its own binding (written into the file, or moved from another row) is
 * left out: it names no folder this server kept, and a folder decides no access, so the rest of the tree
 * still serves its owner.
 */
function opened(keyring: Keyring, row: { id: string; path_enc: Buffer }): StoredFolder | null {
  try {
    const path = pathSchema.safeParse(keyring.decryptString(row.path_enc, binding(row.id)));
    return path.success ? { id: row.id, path: path.data } : null;
  } catch (error) {
    if (error instanceof IntegrityError) return null;
    throw error;
  }
}

export async function countStoredFolders(db: Db | Trx, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('folders')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('owner_id', '=', ownerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stores the folder; false when the owner has it stored already. */
export async function insertFolder(
  trx: Trx,
  keyring: Keyring,
  folder: { ownerId: string; path: string; now: string },
): Promise<boolean> {
  uncopiedRowsWritten(trx);
  const id = randomUUID();
  const result = await trx
    .insertInto('folders')
    .values({
      id,
      owner_id: folder.ownerId,
      path_index: pathIndex(keyring, folder.ownerId, folder.path),
      path_enc: keyring.encrypt(folder.path, binding(id)),
      created_at: folder.now,
    })
    .onConflict((oc) => oc.columns(['owner_id', 'path_index']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function deleteFolders(trx: Trx, ownerId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  uncopiedRowsWritten(trx);
  const result = await trx
    .deleteFrom('folders')
    .where('owner_id', '=', ownerId)
    .where('id', 'in', [...ids])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
