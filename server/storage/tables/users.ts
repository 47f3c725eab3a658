// The users table: blind-indexed name, role and state in clear; everything else in one sealed blob.
import type { Generated, Selectable } from 'kysely';

export interface UsersTable {
  id: string;
  /** HMAC of the normalised user name under the keyring: unique lookup without the name in clear. */
  username_index: string;
  role: string;
  is_active: number;
  enrolled: number;
  /** Sealed JSON (UserData); AAD binds it to (users, id, data, row_version). */
  data_enc: Buffer;
  row_version: number;
  failed_logins: number;
  failure_window_start: string | null;
  locked_until: string | null;
  /** SHA-256 of the one-time enrollment code; null once redeemed. */
  enrollment_code_hash: string | null;
  enrollment_expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** 'person', or 'machine' for a machine identity (owned by owner_id). */
  kind: Generated<string>;
  owner_id: string | null;
  seq: Generated<number>;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts); null only before the first unseal after migration 15. */
  row_seal: string | null;
}
export type UserRow = Selectable<UsersTable>;
