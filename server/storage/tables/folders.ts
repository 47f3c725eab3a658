// Folders kept on their own, so that an empty one stays: the owner in clear, the path sealed at rest.
import type { Selectable } from 'kysely';

/**
 * No row seal (server/integrity/): a folder decides nothing about who may read or change what. Access is
 * decided by secrets and shares; a forged or edited folder row can only show a folder name in its owner's
 * tree (and a forged one cannot be made to open: its path is sealed under the keyring).
 */
export interface FoldersTable {
  /** Random; a rename writes a new row, so a sealed path is never bound to more than one value. */
  id: string;
  owner_id: string;
  /** HMAC of owner and path under the keyring: one row per folder and owner, without the path in clear. */
  path_index: string;
  /** The path (sealed, AAD bound to (folders, id, path, 1)). */
  path_enc: Buffer;
  created_at: string;
}
export type FolderRow = Selectable<FoldersTable>;
