// Imports in progress: one row per import, and its staged items sealed until the import is committed.
import type { ColumnType, Selectable } from 'kysely';

export interface ImportsTable {
  id: string;
  owner_id: string;
  created_at: string;
  /** After this the import may no longer be staged into or committed, and its rows are cleaned away. */
  expires_at: string;
  item_count: number;
}
export type ImportRow = Selectable<ImportsTable>;

export interface ImportItemsTable {
  import_id: string;
  /** Staging order, so a commit applies items in the order the client sent them. */
  seq: number;
  /** The secret the item creates or replaces, in clear like secrets.id: duplicates are refused at staging. */
  secret_id: string;
  kind: 'create' | 'replace';
  /**
   * A new secret's rows, sealed already for where they will live (AAD of secrets, secret_versions and
   * shares at version 1), so that committing copies them with INSERT … SELECT and opens nothing.
   */
  meta_enc: Buffer | null;
  value_enc: Buffer | null;
  wrapped_key_enc: Buffer | null;
  /** A replacement: sealed JSON (StagedItem); AAD binds it to (import_items, import:seq, item, 1). */
  item_enc: Buffer | null;
  /** A new item's current version: 1, or one after its earlier versions (import_item_versions). */
  current_version: ColumnType<number, number | undefined, number>;
  /** A new item's dates from the tool it comes from; null means the import's own time. */
  created_at: string | null;
  updated_at: string | null;
}
export type ImportItemRow = Selectable<ImportItemsTable>;

export interface ImportItemVersionsTable {
  import_id: string;
  seq: number;
  /** The version it becomes (1 is the oldest); its value is sealed for that version already. */
  version: number;
  value_enc: Buffer;
  /** The date it had in the tool it comes from. */
  created_at: string;
}
