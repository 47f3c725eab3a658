// The audit log: one hash-chained row per call; it holds ids and outcomes, never inputs or values.
import type { Generated, Selectable } from 'kysely';

export interface AuditTable {
  seq: Generated<number>;
  time: string;
  operation: string;
  op_number: number | null;
  user_id: string | null;
  session_id: string | null;
  address: string;
  target: string | null;
  status: string;
  code: string | null;
  prev_hash: string;
  hash: string;
}
export type AuditRow = Selectable<AuditTable>;
