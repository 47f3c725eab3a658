// The audit group commit's statements on SQLite, compiled once: each request's entry is otherwise a
// kysely build and compile of four statements, which cost more of the read path than running them.
import { sql } from 'kysely';
import type { Keyring } from '../keyring/index.ts';
import type { Db } from '../storage/database.ts';
import { asCompilable, precompile } from '../storage/precompiled.ts';
import type { ChainHead } from './audit-log.ts';
import { chainHeadQuery, nextEntry } from './audit-log.ts';
import { macOf } from './audit-seal.ts';

export type AuditBatchStatements = ReturnType<typeof auditBatchStatements>;

/** What of a session's touch the update writes (audit-writer's SessionTouch). */
interface TouchFields {
  sessionId: string;
  lastSeenAt: string;
  opHigh: number;
  opWindow: bigint;
}

export function auditBatchStatements(db: Db) {
  const touch = precompile<[string, number, string, number, string]>(
    (lastSeenAt, opHigh, opWindow, requests, sessionId) =>
      db
        .updateTable('sessions')
        .set({
          last_seen_at: lastSeenAt,
          op_high: opHigh,
          op_window: opWindow,
          op_count: sql<number>`op_count + ${requests}`,
        })
        .where('id', '=', sessionId)
        .where('op_high', '<=', opHigh),
    5,
  );
  const head = chainHeadQuery(db).compile();
  const columns = [
    'seq',
    'time',
    'operation',
    'op_number',
    'user_id',
    'session_id',
    'address',
    'target',
    'status',
    'code',
    'prev_hash',
    'hash',
  ] as const;
  const insert = precompile<unknown[]>(
    (...values) =>
      db.insertInto('audit').values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as never),
    columns.length,
  );
  const seal = precompile<[number, string, string]>(
    (seq, hash, mac) =>
      db
        .insertInto('audit_seal')
        .values({ id: 1, seq: seq, hash, mac })
        .onConflict((oc) => oc.column('id').doUpdateSet({ seq: seq, hash, mac })),
    3,
  );
  return {
    /** The same update as audit-writer's local touch: last use, replay window, request count. */
    touch: (t: TouchFields, requests: number) =>
      asCompilable(touch.bind(t.lastSeenAt, t.opHigh, t.opWindow.toString(), requests, t.sessionId)),
    head: asCompilable<ChainHead>(head),
    /** The next entry after `last` and the statement that inserts it. */
    append: (record: Parameters<typeof nextEntry>[0], last: ChainHead | undefined) => {
      const next = nextEntry(record, last);
      const row = next.row as Record<(typeof columns)[number], unknown>;
      return { head: next.head, statement: asCompilable(insert.bind(...columns.map((c) => row[c] ?? null))) };
    },
    seal: (keyring: Keyring, last: ChainHead) =>
      asCompilable(seal.bind(last.seq, last.hash, macOf(keyring, last))),
  };
}
