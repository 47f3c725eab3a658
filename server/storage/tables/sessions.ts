// The sessions table: tokens are stored only as SHA-256 hashes; the id is a non-secret handle.
import type { Generated, Selectable } from 'kysely';

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  client_kind: string;
  address: string;
  port: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
  /** Replay window: the highest operation number seen and a bitmask of the 64 below it. */
  op_high: number;
  op_window: string;
  /** Requests made in the session: raised with each request's audit entry (migration 0007). */
  op_count: Generated<number>;
  /** The server node that served the session last (migration 0010); null before it. */
  node: Generated<string | null>;
  /** Keyed tag over the access columns (server/integrity/row-tags.ts); null only before the first unseal after migration 15. */
  row_seal: string | null;
}
export type SessionRow = Selectable<SessionsTable>;
