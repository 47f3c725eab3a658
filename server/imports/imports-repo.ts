// Imports in progress and their staged items; every item is sealed at rest until the import is applied.
import { z } from 'zod';
import { type StagedItem, secretTypeSchema } from '../../contract/index.ts';
import type { Binding, Keyring } from '../keyring/index.ts';
import {
  metaBinding,
  type SecretMeta,
  secretMetaSchema,
  valueBinding,
  wrappedKeyBinding,
} from '../secrets/secret-meta.ts';
import { uncopiedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Trx } from '../storage/database.ts';
import { rowsStatementFor } from '../storage/precompiled.ts';
import { openJson, sealJson } from '../storage/sealed-json.ts';
import type { ImportRow } from '../storage/tables/imports.ts';

/** How long an import lives after its last use. */
export const IMPORT_TTL_MS = 60 * 60 * 1000;
/** Imports one user may have open at once: each holds sealed rows until it is committed, aborted or expires. */
export const OPEN_IMPORTS_PER_USER = 5;

const itemBinding = (importId: string, seq: number): Binding => ({
  table: 'import_items',
  id: `${importId}:${seq}`,
  column: 'item',
  version: 1,
});

/**
 * What a sealed replacement opens to. It was validated in full when it was staged and the seal is
 * authenticated, so this only re-checks its shape.
 */
const storedItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  tags: z.array(z.string()),
  type: secretTypeSchema,
  value: z.string(),
  wrappedKey: z.string().optional(),
  replaces: z.object({ id: z.string(), expectedVersion: z.number() }).optional(),
});

export async function insertImport(
  trx: Trx,
  row: { id: string; ownerId: string; now: string; expiresAt: string },
): Promise<void> {
  uncopiedRowsWritten(trx);
  await trx
    .insertInto('imports')
    .values({
      id: row.id,
      owner_id: row.ownerId,
      created_at: row.now,
      expires_at: row.expiresAt,
      item_count: 0,
    })
    .execute();
}

export function findImport(db: Db | Trx, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countOpenImports(db: Db | Trx, ownerId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', ownerId)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of these secret ids are staged in the import already. */
export async function stagedAlready(
  db: Db | Trx,
  importId: string,
  secretIds: string[],
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('import_items')
    .select('secret_id')
    .where('import_id', '=', importId)
    .where('secret_id', 'in', secretIds)
    .execute();
  return new Set(rows.map((r) => r.secret_id));
}

/** An import_items row as the staging insert binds it, in insertStagedItems' column order. */
type StagedItemRow = readonly [
  importId: string,
  seq: number,
  secretId: string,
  kind: 'create' | 'replace',
  metaEnc: Buffer | null,
  valueEnc: Buffer | null,
  wrappedKeyEnc: Buffer | null,
  itemEnc: Buffer | null,
  currentVersion: number,
  createdAt: string | null,
  updatedAt: string | null,
];

/**
 * Compiled once (see rowsStatementFor): kysely building a 500-row insert per batch cost about as much as
 * SQLite took to run it. Every row names every column, a replacement's current_version its default (1):
 * kysely filled such a gap with DEFAULT on PostgreSQL but with null on SQLite, which refused a batch that
 * mixed new items and replacements (NOT NULL).
 */
const insertStagedItems = rowsStatementFor<StagedItemRow>(
  (db, rows) =>
    db.insertInto('import_items').values(
      rows.map((row) => ({
        import_id: row[0],
        seq: row[1],
        secret_id: row[2],
        kind: row[3],
        meta_enc: row[4],
        value_enc: row[5],
        wrapped_key_enc: row[6],
        item_enc: row[7],
        current_version: row[8],
        created_at: row[9],
        updated_at: row[10],
      })),
    ),
  11,
);

type StagedVersionRow = readonly [
  importId: string,
  seq: number,
  version: number,
  valueEnc: Buffer,
  createdAt: string,
];

const insertStagedVersions = rowsStatementFor<StagedVersionRow>(
  (db, rows) =>
    db.insertInto('import_item_versions').values(
      rows.map(([import_id, seq, version, value_enc, created_at]) => ({
        import_id,
        seq,
        version,
        value_enc,
        created_at,
      })),
    ),
  5,
);

/**
 * Appends a batch after the items staged so far, and moves the expiry on. A new secret is sealed here
 * for its final rows; a replacement, which is checked and numbered only at commit, is sealed as it came.
 */
export async function stageItems(
  trx: Trx,
  keyring: Keyring,
  current: ImportRow,
  items: readonly StagedItem[],
  expiresAt: string,
): Promise<number | null> {
  uncopiedRowsWritten(trx);
  const first = current.item_count;
  const owner = current.owner_id;
  const importId = current.id;
  const rows: StagedItemRow[] = [];
  // Earlier versions, sealed for the rows they will become, so that committing copies them too.
  const versions: StagedVersionRow[] = [];
  items.forEach((item, i) => {
    const seq = first + i;
    if (item.replaces) {
      const sealed = sealJson(keyring, itemBinding(importId, seq), item);
      rows.push([importId, seq, item.id, 'replace', null, null, null, sealed, 1, null, null]);
      return;
    }
    const meta: SecretMeta = { name: item.name, path: item.path, tags: item.tags, type: item.type };
    const history = item.history ?? [];
    const version = history.length + 1;
    rows.push([
      importId,
      seq,
      item.id,
      'create',
      sealJson(keyring, metaBinding(item.id, 1), meta),
      keyring.encrypt(item.value, valueBinding(item.id, version)),
      // Always present on a new item: the contract refuses one without it.
      keyring.encrypt(item.wrappedKey ?? '', wrappedKeyBinding(item.id, owner, 1)),
      null,
      version,
      item.createdAt ?? null,
      item.updatedAt ?? null,
    ]);
    history.forEach((v, at) => {
      versions.push([
        importId,
        seq,
        at + 1,
        keyring.encrypt(v.value, valueBinding(item.id, at + 1)),
        v.createdAt,
      ]);
    });
  });
  for (const query of insertStagedItems(trx, rows)) await trx.executeQuery(query);
  for (const query of insertStagedVersions(trx, versions)) await trx.executeQuery(query);
  const total = first + items.length;
  const updated = await trx
    .updateTable('imports')
    .set({ item_count: total, expires_at: expiresAt })
    .where('id', '=', current.id)
    .where('item_count', '=', first)
    .executeTakeFirst();
  // Null when two batches were staged into one import at once: the later must not overwrite the count.
  return updated.numUpdatedRows === 1n ? total : null;
}

/** A new secret of an import as the index will hold it once committed. */
export interface StagedCreate {
  seq: number;
  id: string;
  meta: SecretMeta;
  /** Its current version: one after its earlier versions. */
  version: number;
  /** Dates from the tool it comes from; null means the import's own time. */
  createdAt: string | null;
  updatedAt: string | null;
}

/** The new secrets of an import, their metadata opened (for the checks and the index), in staging order. */
export async function loadStagedCreates(
  db: Db | Trx,
  keyring: Keyring,
  importId: string,
): Promise<StagedCreate[]> {
  const rows = await db
    .selectFrom('import_items')
    .select(['seq', 'secret_id', 'meta_enc', 'current_version', 'created_at', 'updated_at'])
    .where('import_id', '=', importId)
    .where('kind', '=', 'create')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    id: row.secret_id,
    meta: openJson(keyring, row.meta_enc ?? Buffer.alloc(0), metaBinding(row.secret_id, 1), secretMetaSchema),
    version: row.current_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** The replacements of an import, opened, in staging order. */
export async function loadStagedReplacements(
  db: Db | Trx,
  keyring: Keyring,
  importId: string,
): Promise<{ seq: number; item: StagedItem }[]> {
  const rows = await db
    .selectFrom('import_items')
    .select(['seq', 'item_enc'])
    .where('import_id', '=', importId)
    .where('kind', '=', 'replace')
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    item: openJson(
      keyring,
      row.item_enc ?? Buffer.alloc(0),
      itemBinding(importId, row.seq),
      storedItemSchema,
    ),
  }));
}

export async function deleteImport(trx: Trx, id: string): Promise<void> {
  uncopiedRowsWritten(trx);
  await trx.deleteFrom('import_item_versions').where('import_id', '=', id).execute();
  await trx.deleteFrom('import_items').where('import_id', '=', id).execute();
  await trx.deleteFrom('imports').where('id', '=', id).execute();
}

/** Drops every import whose time is up, with its staged items. */
export async function deleteExpiredImports(trx: Trx, now: string): Promise<number> {
  const expired = await trx.selectFrom('imports').select('id').where('expires_at', '<=', now).execute();
  for (const { id } of expired) await deleteImport(trx, id);
  return expired.length;
}
