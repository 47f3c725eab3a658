// The keyring's own rows: how it is sealed (one row) and its wrapped term keys.
import type { Selectable } from 'kysely';

export interface KeyringSealTable {
  id: number;
  method: string;
  /** JSON: KDF salt and parameters (passphrase) — no secret material. */
  kdf: string | null;
  shares: number | null;
  threshold: number | null;
  wrapped_root_key: Buffer;
  created_at: string;
}
export interface KeyringTermsTable {
  term: number;
  wrapped_key: Buffer;
  created_at: string;
}
export type KeyringSealRow = Selectable<KeyringSealTable>;
export type KeyringTermRow = Selectable<KeyringTermsTable>;
