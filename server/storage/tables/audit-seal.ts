// The audit chain's sealed head: one row, the newest entry's number and hash with a keyring MAC over them.
import type { Selectable } from 'kysely';

export interface AuditSealTable {
  id: number;
  seq: number;
  hash: string;
  mac: string;
}
export type AuditSealRow = Selectable<AuditSealTable>;
