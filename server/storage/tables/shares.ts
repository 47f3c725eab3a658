// Shares: who holds a wrapped content key to which secret (the owner holds one too).
import type { Selectable } from 'kysely';

export interface SharesTable {
  secret_id: string;
  principal_id: string;
  permission: string;
  /** Sealed wrapped content key; AAD binds it to (shares, secret:principal, wrapped_key, key_generation). */
  wrapped_key_enc: Buffer;
  key_generation: number;
  granted_at: string;
  granted_by: string;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts); null only before the first unseal after migration 15. */
  row_seal: string | null;
}
export type ShareRow = Selectable<SharesTable>;
