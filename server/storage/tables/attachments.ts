// Files on items: one row per file and one per sealed chunk (end-to-end ciphertext the server cannot open).
import type { ColumnType, Selectable } from 'kysely';

/** PostgreSQL answers bigint columns as text; SQLite as numbers. */
type BigCount = ColumnType<number | string, number, number>;

export interface AttachmentsTable {
  id: string;
  secret_id: string;
  /** The item's owner when it was uploaded: whose per-user total the file counts against. */
  owner_id: string;
  /** The file key wrapped under the item's content key, sealed at rest (AAD: attachments, id, wrapped_key). */
  wrapped_key_enc: Buffer;
  /** The file's name, size and type sealed under its key, sealed again at rest. */
  meta_enc: Buffer;
  /** The plaintext size the uploader declared, checked against the limits before any chunk arrives. */
  declared_size: BigCount;
  chunk_count: number;
  stored_bytes: ColumnType<number | string, number | undefined, number>;
  state: 'uploading' | 'ready';
  created_at: string;
  /** An upload not finished by then is removed; null once finished. */
  expires_at: string | null;
}
export type AttachmentRow = Selectable<AttachmentsTable>;

export interface AttachmentChunksTable {
  attachment_id: string;
  idx: number;
  data: Buffer;
}
