// Files on items in the database: their rows and their sealed chunks. The only SQL about attachments.
import { sql } from 'kysely';
import type { Db, Trx } from '../storage/database.ts';
import type { AttachmentRow } from '../storage/tables/attachments.ts';

export interface NewAttachment {
  id: string;
  secretId: string;
  ownerId: string;
  wrappedKeyEnc: Buffer;
  metaEnc: Buffer;
  declaredSize: number;
  chunkCount: number;
  createdAt: string;
  expiresAt: string;
}

export async function insertAttachment(trx: Trx, a: NewAttachment): Promise<void> {
  await trx
    .insertInto('attachments')
    .values({
      id: a.id,
      secret_id: a.secretId,
      owner_id: a.ownerId,
      wrapped_key_enc: a.wrappedKeyEnc,
      meta_enc: a.metaEnc,
      declared_size: a.declaredSize,
      chunk_count: a.chunkCount,
      stored_bytes: 0,
      state: 'uploading',
      created_at: a.createdAt,
      expires_at: a.expiresAt,
    })
    .execute();
}

export function findAttachment(db: Db | Trx, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function attachmentsOf(db: Db | Trx, secretId: string, state?: 'ready'): Promise<AttachmentRow[]> {
  let query = db.selectFrom('attachments').selectAll().where('secret_id', '=', secretId);
  if (state) query = query.where('state', '=', state);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** How many finished files each of `secretIds` has; a secret without any is absent from the map. */
export async function readyCounts(db: Db | Trx, secretIds: readonly string[]): Promise<Map<string, number>> {
  if (secretIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('attachments')
    .select(['secret_id', (eb) => eb.fn.countAll<number | string | bigint>().as('files')])
    .where('secret_id', 'in', secretIds)
    .where('state', '=', 'ready')
    .groupBy('secret_id')
    .execute();
  // PostgreSQL answers a count as a string (bigint), SQLite as a number.
  return new Map(rows.map((r) => [r.secret_id, Number(r.files)]));
}

/** The plaintext bytes a user's files take or have claimed (uploads under way count: they may finish). */
export async function declaredTotal(db: Db | Trx, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('declared_size'), sql<number>`0`).as('total'))
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** The stored length of one chunk, or null when it is not stored yet. */
export async function chunkLength(trx: Trx, id: string, index: number): Promise<number | null> {
  const row = await trx
    .selectFrom('attachment_chunks')
    .select(sql<number | string>`length(data)`.as('length'))
    .where('attachment_id', '=', id)
    .where('idx', '=', index)
    .executeTakeFirst();
  return row ? Number(row.length) : null;
}

/** Stores a chunk (a retried one replaces the first copy) and keeps the file's byte count up to date. */
export async function putChunk(trx: Trx, id: string, index: number, data: Buffer, previous: number | null) {
  if (previous === null) {
    await trx.insertInto('attachment_chunks').values({ attachment_id: id, idx: index, data }).execute();
  } else {
    await trx
      .updateTable('attachment_chunks')
      .set({ data })
      .where('attachment_id', '=', id)
      .where('idx', '=', index)
      .execute();
  }
  await trx
    .updateTable('attachments')
    .set({ stored_bytes: sql`stored_bytes + ${data.length - (previous ?? 0)}` })
    .where('id', '=', id)
    .execute();
}

export async function countChunks(trx: Trx, id: string): Promise<number> {
  const row = await trx
    .selectFrom('attachment_chunks')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('attachment_id', '=', id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function markReady(trx: Trx, id: string): Promise<void> {
  await trx
    .updateTable('attachments')
    .set({ state: 'ready', expires_at: null })
    .where('id', '=', id)
    .execute();
}

export async function readChunk(db: Db, id: string, index: number): Promise<Buffer | null> {
  const row = await db
    .selectFrom('attachment_chunks')
    .select('data')
    .where('attachment_id', '=', id)
    .where('idx', '=', index)
    .executeTakeFirst();
  // A view of the driver's bytes, not a copy: the chunk goes straight out as base64.
  return row ? Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null;
}

export async function setWrappedKey(trx: Trx, id: string, wrappedKeyEnc: Buffer): Promise<void> {
  await trx.updateTable('attachments').set({ wrapped_key_enc: wrappedKeyEnc }).where('id', '=', id).execute();
}

/** Removes files and their chunks (children first, for the foreign key). */
export async function deleteAttachments(trx: Trx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.deleteFrom('attachment_chunks').where('attachment_id', 'in', ids).execute();
  await trx.deleteFrom('attachments').where('id', 'in', ids).execute();
}

/** Uploads left unfinished past their time. */
export async function expiredUploads(db: Db | Trx, nowIso: string): Promise<string[]> {
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('state', '=', 'uploading')
    .where('expires_at', '<', nowIso)
    .execute();
  return rows.map((r) => r.id);
}
