// The change feed: one row per committed write that other server nodes sharing the database may cache.
import type { Generated, Selectable } from 'kysely';

export interface ChangesTable {
  /** Assigned under the cluster-wide write lock, so seq order is commit order. */
  seq: Generated<number>;
  /** The writing process's instance id (its node name and a random suffix): a node skips its own rows. */
  node: string;
  /** The transaction's write scope: 'secrets' or 'any' ('audit' writes are not noted). */
  scope: string;
  /** The operation that wrote, or an internal name (session:expired, …). */
  operation: string;
  /** The audit target: a secret id, a user id, a serial…; null when the operation names none. */
  target: string | null;
  at: string;
}
export type ChangeRow = Selectable<ChangesTable>;
