// The secrets table: ownership and lifecycle in clear; name, path, tags and type sealed at rest.
import type { ColumnType, Selectable } from 'kysely';

export interface SecretsTable {
  id: string;
  owner_id: string;
  /** Sealed JSON (SecretMeta); AAD binds it to (secrets, id, meta, meta_version). */
  meta_enc: Buffer;
  meta_version: number;
  /** The meta_version the current value was written at (a later one means metadata changed since). */
  value_meta_version: ColumnType<number, number | undefined, number>;
  /** The latest value version; check-and-set compares against it. */
  current_version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts); null only before the first unseal after migration 15. */
  row_seal: string | null;
}
export type SecretRow = Selectable<SecretsTable>;
