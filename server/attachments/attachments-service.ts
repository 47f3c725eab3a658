// Files on items: opening an upload within the limits, storing chunks, finishing, listing, reading and
// deleting. Nothing is kept in memory: every node reads the database, so any node of a cluster serves them.
import { ATTACHMENT_CHUNK_OVERHEAD, type AttachmentSummary } from '../../contract/ops-attachments.ts';
import type { Settings } from '../../contract/settings.ts';
import { OpError } from '../errors.ts';
import type { Binding, Keyring } from '../keyring/index.ts';
import { uncopiedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Trx } from '../storage/database.ts';
import type { AttachmentRow } from '../storage/tables/attachments.ts';
import * as repo from './attachments-repo.ts';

const MiB = 1024 * 1024;
/** How long an upload may stay unfinished before it is removed. */
export const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

const keyBinding = (id: string): Binding => ({ table: 'attachments', id, column: 'wrapped_key', version: 1 });
const metaBinding = (id: string): Binding => ({ table: 'attachments', id, column: 'meta', version: 1 });

export interface BeginUpload {
  secretId: string;
  ownerId: string;
  attachmentId: string;
  wrappedKey: string;
  meta: string;
  size: number;
  chunkCount: number;
  now: Date;
}

/** The exact ciphertext bytes a file of this size makes: every chunk carries the same overhead. */
const sealedBytes = (size: number, chunkCount: number) => size + chunkCount * ATTACHMENT_CHUNK_OVERHEAD;

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

export class AttachmentsService {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** How many finished files each secret has (0 for one without any), in the order asked. */
  async readyCounts(secretIds: readonly string[]): Promise<number[]> {
    const counts = await repo.readyCounts(this.#db, secretIds);
    return secretIds.map((id) => counts.get(id) ?? 0);
  }

  /** Refuses a file past either limit, naming the limit; removes uploads left unfinished. */
  async begin(trx: Trx, keyring: Keyring, limits: Settings['attachments'], upload: BeginUpload) {
    await this.removeExpired(trx, upload.now.toISOString());
    const perFile = limits.maxFileMiB * MiB;
    if (upload.size > perFile) {
      throw new OpError(
        'payload_too_large',
        `the file is ${mib(upload.size)}, larger than the per-file limit of ${limits.maxFileMiB} MiB (attachments.maxFileMiB)`,
        { field: 'size' },
      );
    }
    const used = await repo.declaredTotal(trx, upload.ownerId);
    const perUser = limits.maxPerUserMiB * MiB;
    if (used + upload.size > perUser) {
      throw new OpError(
        'payload_too_large',
        `the owner's files take ${mib(used)}; this one would pass the per-user limit of ${limits.maxPerUserMiB} MiB (attachments.maxPerUserMiB)`,
        { field: 'size' },
      );
    }
    if (await repo.findAttachment(trx, upload.attachmentId)) {
      throw new OpError('conflict', 'an attachment with this id exists already', { field: 'attachmentId' });
    }
    const expiresAt = new Date(upload.now.getTime() + UPLOAD_LIFETIME_MS).toISOString();
    await repo.insertAttachment(trx, {
      id: upload.attachmentId,
      secretId: upload.secretId,
      ownerId: upload.ownerId,
      wrappedKeyEnc: keyring.encrypt(upload.wrappedKey, keyBinding(upload.attachmentId)),
      metaEnc: keyring.encrypt(upload.meta, metaBinding(upload.attachmentId)),
      declaredSize: upload.size,
      chunkCount: upload.chunkCount,
      createdAt: upload.now.toISOString(),
      expiresAt,
    });
    uncopiedRowsWritten(trx);
    return { expiresAt };
  }

  /** An upload of this item still open; anything else is not found, the same for every reason. */
  async #openUpload(trx: Trx, secretId: string, attachmentId: string, nowIso: string) {
    const row = await repo.findAttachment(trx, attachmentId);
    if (!row || row.secret_id !== secretId || row.state !== 'uploading' || (row.expires_at ?? '') < nowIso) {
      throw new OpError('not_found', 'no upload of this file is open: begin it again', {
        field: 'attachmentId',
      });
    }
    return row;
  }

  async putChunk(
    trx: Trx,
    secretId: string,
    attachmentId: string,
    index: number,
    data: Buffer,
    nowIso: string,
  ) {
    const row = await this.#openUpload(trx, secretId, attachmentId, nowIso);
    if (index >= row.chunk_count) {
      throw new OpError(
        'bad_request',
        `the file has ${row.chunk_count} chunks: index ${index} is past them`,
        {
          field: 'index',
        },
      );
    }
    const previous = await repo.chunkLength(trx, attachmentId, index);
    const expected = sealedBytes(Number(row.declared_size), row.chunk_count);
    // The declared size is what the limits were checked against: the chunks may not add up to more.
    if (Number(row.stored_bytes) - (previous ?? 0) + data.length > expected) {
      throw new OpError(
        'payload_too_large',
        'the chunks are larger than the size declared when the upload began',
        {
          field: 'data',
        },
      );
    }
    await repo.putChunk(trx, attachmentId, index, data, previous);
    uncopiedRowsWritten(trx);
  }

  async finish(trx: Trx, secretId: string, attachmentId: string, nowIso: string): Promise<void> {
    const row = await this.#openUpload(trx, secretId, attachmentId, nowIso);
    const stored = await repo.countChunks(trx, attachmentId);
    const bytes = Number((await repo.findAttachment(trx, attachmentId))?.stored_bytes ?? 0);
    if (stored !== row.chunk_count || bytes !== sealedBytes(Number(row.declared_size), row.chunk_count)) {
      throw new OpError(
        'conflict',
        `${stored} of ${row.chunk_count} chunks are stored: send the rest first`,
        {
          field: 'attachmentId',
        },
      );
    }
    await repo.markReady(trx, attachmentId);
    uncopiedRowsWritten(trx);
  }

  #summary(keyring: Keyring, row: AttachmentRow): AttachmentSummary {
    return {
      attachmentId: row.id,
      wrappedKey: keyring.decryptString(row.wrapped_key_enc, keyBinding(row.id)),
      meta: keyring.decryptString(row.meta_enc, metaBinding(row.id)),
      chunkCount: row.chunk_count,
      storedBytes: Number(row.stored_bytes),
      createdAt: row.created_at,
    };
  }

  async list(keyring: Keyring, secretId: string): Promise<AttachmentSummary[]> {
    const rows = await repo.attachmentsOf(this.#db, secretId, 'ready');
    return rows.map((row) => this.#summary(keyring, row));
  }

  async readChunk(secretId: string, attachmentId: string, index: number): Promise<Buffer> {
    const row = await repo.findAttachment(this.#db, attachmentId);
    const data =
      row && row.secret_id === secretId && row.state === 'ready'
        ? await repo.readChunk(this.#db, attachmentId, index)
        : null;
    if (!data) throw new OpError('not_found', 'no such file or chunk', { field: 'attachmentId' });
    return data;
  }

  async delete(trx: Trx, secretId: string, attachmentId: string): Promise<void> {
    const row = await repo.findAttachment(trx, attachmentId);
    if (!row || row.secret_id !== secretId) {
      throw new OpError('not_found', 'no such file on this item', { field: 'attachmentId' });
    }
    await repo.deleteAttachments(trx, [attachmentId]);
    uncopiedRowsWritten(trx);
  }

  /**
   * At a content-key rotation: every finished file's key re-wrapped under the new content key (the chunks
   * stay as they are). Uploads under way are dropped: their key is wrapped under the key that goes.
   */
  async rewrapKeys(
    trx: Trx,
    keyring: Keyring,
    secretId: string,
    keys: readonly { attachmentId: string; wrappedKey: string }[],
  ): Promise<void> {
    const rows = await repo.attachmentsOf(trx, secretId);
    const ready = rows.filter((r) => r.state === 'ready').map((r) => r.id);
    const given = keys.map((k) => k.attachmentId);
    if ([...ready].sort().join() !== [...given].sort().join()) {
      throw new OpError(
        'bad_request',
        'attachmentKeys must hold one key for each file on the secret, exactly',
        {
          field: 'attachmentKeys',
        },
      );
    }
    for (const k of keys) {
      await repo.setWrappedKey(
        trx,
        k.attachmentId,
        keyring.encrypt(k.wrappedKey, keyBinding(k.attachmentId)),
      );
    }
    await repo.deleteAttachments(
      trx,
      rows.filter((r) => r.state === 'uploading').map((r) => r.id),
    );
    uncopiedRowsWritten(trx);
  }

  async removeExpired(trx: Trx, nowIso: string): Promise<void> {
    const expired = await repo.expiredUploads(trx, nowIso);
    if (expired.length > 0) {
      await repo.deleteAttachments(trx, expired);
      uncopiedRowsWritten(trx);
    }
  }
}
