// The change feed's rows: written inside the transaction that made the change, read by the other nodes.
import { sql } from 'kysely';
import type { Db, Trx, WriteScope } from '../storage/database.ts';
import type { ChangeRow } from '../storage/tables/changes.ts';

export interface Change {
  scope: Exclude<WriteScope, 'audit'>;
  operation: string;
  target: string | null;
}

/**
 * Notes a change in the transaction that makes it, so it commits (or not) with it. Every PostgreSQL write
 * transaction holds the cluster-wide write lock, so seq is assigned in commit order and a reader that saw
 * seq n has seen every change before n. `at` is the wall clock (never a test's clock): pruning goes by it.
 */
export async function noteChange(trx: Trx, instance: string, change: Change): Promise<void> {
  await trx
    .insertInto('changes')
    .values({
      node: instance,
      scope: change.scope,
      operation: change.operation.slice(0, 80),
      target: change.target?.slice(0, 200) ?? null,
      at: new Date().toISOString(),
    })
    .execute();
}

/** The changes after `after`, oldest first, at most `limit`. */
export function changesAfter(db: Db, after: number, limit: number): Promise<ChangeRow[]> {
  return db.selectFrom('changes').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
}

/** The newest change's seq (0 when there is none): where a node that just loaded everything starts. */
export async function latestChange(db: Db): Promise<number> {
  const row = await db
    .selectFrom('changes')
    .select(sql<number | null>`max(seq)`.as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Drops rows older than `before`; a node idle longer than that reloads everything instead of reading them. */
export async function pruneChanges(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('changes').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
