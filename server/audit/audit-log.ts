// The hash-chained audit log: append inside the caller's transaction, verify, list with filters.
import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AuditEntry } from '../../contract/index.ts';
import type { Db, Trx } from '../storage/database.ts';
import type { AuditRow, AuditTable } from '../storage/tables/audit.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  time: string;
  operation: string;
  opNumber: number | null;
  userId: string | null;
  sessionId: string | null;
  address: string;
  target: string | null;
  status: 'ok' | 'denied' | 'error';
  code: string | null;
}

function entryHash(prevHash: string, seq: number, r: AuditRecord): string {
  const fields = [
    seq,
    r.time,
    r.operation,
    r.opNumber,
    r.userId,
    r.sessionId,
    r.address,
    r.target,
    r.status,
    r.code,
  ];
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The query for the newest entry; run inside the transaction that will append after it. */
export const chainHeadQuery = (db: Db | Trx) =>
  db.selectFrom('audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1);

/** The row that follows `head`, and the new head. */
export function nextEntry(
  record: AuditRecord,
  head: ChainHead | undefined,
): { row: Insertable<AuditTable>; head: ChainHead } {
  const prev = head ?? { seq: 0, hash: GENESIS_HASH };
  const seq = prev.seq + 1;
  const hash = entryHash(prev.hash, seq, record);
  return {
    row: {
      seq,
      time: record.time,
      operation: record.operation,
      op_number: record.opNumber,
      user_id: record.userId,
      session_id: record.sessionId,
      address: record.address,
      target: record.target,
      status: record.status,
      code: record.code,
      prev_hash: prev.hash,
      hash,
    },
    head: { seq, hash },
  };
}

/** Appends one entry chained to the last; must run in the same transaction as the change it records. */
export async function appendAudit(trx: Trx, record: AuditRecord): Promise<ChainHead> {
  const { row, head } = nextEntry(record, await chainHeadQuery(trx).executeTakeFirst());
  await trx.insertInto('audit').values(row).execute();
  return head;
}

export interface VerifyResult {
  valid: boolean;
  checked: number;
  brokenAt: number | null;
  reason: string | null;
}

/**
 * Walks the chain in order from `start` (genesis, or the anchor audit retention recorded). An edited entry breaks its own hash; a deleted one breaks the next entry's link;
 * a truncated tail is caught against the head the running server last wrote, when it knows it.
 */
export async function verifyAudit(
  db: Db,
  knownHead: string | null,
  start: ChainHead = { seq: 0, hash: GENESIS_HASH },
): Promise<VerifyResult> {
  // After retention pruned the oldest entries, the chain starts from the last pruned entry's hash.
  let prevHash = start.hash;
  let expectedSeq = start.seq + 1;
  let checked = 0;
  const batch = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return broken(checked, expectedSeq, 'an entry is missing');
      if (row.prev_hash !== prevHash)
        return broken(checked, row.seq, 'the link to the previous entry is broken');
      if (entryHash(prevHash, row.seq, recordOfRow(row)) !== row.hash)
        return broken(checked, row.seq, 'the entry was altered');
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) break;
  }
  if (knownHead !== null && knownHead !== prevHash) {
    return broken(checked, expectedSeq, 'the newest entries were removed');
  }
  return { valid: true, checked, brokenAt: null, reason: null };
}

function broken(checked: number, seq: number, reason: string): VerifyResult {
  return { valid: false, checked, brokenAt: seq, reason };
}

/** The record a stored row holds, as its hash covers it. */
export function recordOfRow(row: AuditRow): AuditRecord {
  return {
    time: row.time,
    operation: row.operation,
    opNumber: row.op_number,
    userId: row.user_id,
    sessionId: row.session_id,
    address: row.address,
    target: row.target,
    status: row.status as AuditRecord['status'],
    code: row.code,
  };
}

export async function latestAuditHash(db: Db): Promise<string | null> {
  const last = await db.selectFrom('audit').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last?.hash ?? null;
}

export interface AuditFilter {
  userId?: string | undefined;
  operation?: string | undefined;
  status?: AuditRecord['status'] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

/** A page of entries as stored; the handler adds the callers' names. */
export type StoredAuditEntry = Omit<AuditEntry, 'userName' | 'userKind'>;

export async function listAudit(db: Db, f: AuditFilter): Promise<StoredAuditEntry[]> {
  let q = db.selectFrom('audit').selectAll();
  if (f.userId) q = q.where('user_id', '=', f.userId);
  if (f.operation) q = q.where('operation', '=', f.operation);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from) q = q.where('time', '>=', f.from);
  if (f.to) q = q.where('time', '<=', f.to);
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
  return rows.map((row) => ({ ...recordOfRow(row), seq: row.seq, hash: row.hash }));
}
