// The share_links table: one-time links. The ciphertext (and a link's password salt and verifier) are sealed
// under the keyring; who made it, until when and how many views are left are clear and under the row seal.
import type { Selectable } from 'kysely';

export interface ShareLinksTable {
  /** 16 random bytes as base64url: the link's public name (the decryption key is not here). */
  id: string;
  creator_id: string;
  created_at: string;
  expires_at: string;
  max_views: number;
  /** Views served so far; the last one deletes the row. */
  views: number;
  /** Bytes of the client's ciphertext (shown to the creator). */
  size: number;
  /** The client's ciphertext, sealed under the keyring and bound to this row. */
  ciphertext_enc: Buffer;
  /** The password's salt, KDF parameters and proof verifier as sealed JSON; null without a password. */
  password_enc: Buffer | null;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts). */
  row_seal: string | null;
}
export type ShareLinkRow = Selectable<ShareLinksTable>;
