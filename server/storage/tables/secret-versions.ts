// Secret versions: each holds the end-to-end ciphertext of one value, sealed once more at rest.
import type { Selectable } from 'kysely';

export interface SecretVersionsTable {
  secret_id: string;
  version: number;
  /** Sealed end-to-end ciphertext; null once the version is destroyed. */
  value_enc: Buffer | null;
  key_generation: number;
  created_at: string;
  created_by: string;
  destroyed_at: string | null;
}
export type SecretVersionRow = Selectable<SecretVersionsTable>;
