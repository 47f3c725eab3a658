// Audit entries for people: callers' names resolved, and export pages in JSON Lines or CSV with the chain fields.
import type { AuditEntry, AuditExportFormat, AuditFilterInput } from '../../contract/index.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Db } from '../storage/database.ts';
import type { AuditRow } from '../storage/tables/audit.ts';
import { userForDisplay } from '../users/users-repo.ts';

export interface Caller {
  name: string;
  kind: 'person' | 'machine';
}

/** Display names of the given user ids (people and machine identities); unknown ids are left out. */
export async function callerNames(
  db: Db,
  keyring: Keyring,
  ids: Iterable<string>,
): Promise<Map<string, Caller>> {
  const wanted = [...new Set(ids)];
  const names = new Map<string, Caller>();
  if (wanted.length === 0) return names;
  const rows = await db.selectFrom('users').selectAll().where('id', 'in', wanted).execute();
  for (const row of rows) {
    const user = userForDisplay(keyring, row);
    if (!user) continue;
    names.set(user.id, { name: user.displayName || user.username, kind: user.kind });
  }
  return names;
}

/** Adds the caller's name to each entry of a page. */
export async function withNames(
  db: Db,
  keyring: Keyring,
  entries: Omit<AuditEntry, 'userName' | 'userKind'>[],
): Promise<AuditEntry[]> {
  const names = await callerNames(
    db,
    keyring,
    entries.flatMap((e) => (e.userId ? [e.userId] : [])),
  );
  return entries.map((e) => {
    const caller = e.userId ? names.get(e.userId) : undefined;
    return { ...e, userName: caller?.name ?? null, userKind: caller?.kind ?? null };
  });
}

/** The columns of an export, in order: every field the hash covers, the link, and the caller's name. */
const COLUMNS = [
  'seq',
  'time',
  'operation',
  'opNumber',
  'userId',
  'userName',
  'sessionId',
  'address',
  'target',
  'status',
  'code',
  'prevHash',
  'hash',
] as const;
type ExportRow = Record<(typeof COLUMNS)[number], string | number | null>;

export interface ExportPage {
  text: string;
  rows: number;
  nextCursor: string | null;
}

/**
 * One page of the filtered log, oldest first after the cursor (a seq). Pages keep memory flat on both
 * sides however long the log is; the caller appends them to one file.
 */
export async function exportPage(
  db: Db,
  keyring: Keyring,
  input: AuditFilterInput & { format: AuditExportFormat; afterSeq: number; limit: number },
): Promise<ExportPage> {
  let q = db.selectFrom('audit').selectAll().where('seq', '>', input.afterSeq);
  if (input.userId) q = q.where('user_id', '=', input.userId);
  if (input.operation) q = q.where('operation', '=', input.operation);
  if (input.status) q = q.where('status', '=', input.status);
  if (input.from) q = q.where('time', '>=', input.from);
  if (input.to) q = q.where('time', '<=', input.to);
  const rows = await q.orderBy('seq').limit(input.limit).execute();
  const names = await callerNames(
    db,
    keyring,
    rows.flatMap((r) => (r.user_id ? [r.user_id] : [])),
  );
  const records = rows.map((r) => toExportRow(r, r.user_id ? (names.get(r.user_id)?.name ?? null) : null));
  const lines =
    input.format === 'jsonl'
      ? records.map((r) => JSON.stringify(r))
      : records.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','));
  // The CSV header goes on the first page only, so the pages concatenate into one file.
  if (input.format === 'csv' && input.afterSeq === 0) lines.unshift(COLUMNS.join(','));
  const last = rows.at(-1);
  return {
    text: lines.map((line) => line + (input.format === 'csv' ? '\r\n' : '\n')).join(''),
    rows: rows.length,
    nextCursor: rows.length === input.limit && last ? String(last.seq) : null,
  };
}

function toExportRow(r: AuditRow, userName: string | null): ExportRow {
  return {
    seq: r.seq,
    time: r.time,
    operation: r.operation,
    opNumber: r.op_number,
    userId: r.user_id,
    userName,
    sessionId: r.session_id,
    address: r.address,
    target: r.target,
    status: r.status,
    code: r.code,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * RFC 4180 quoting; a text cell that a spreadsheet would run as a formula (= + - @, tab, CR) gets a
 * leading apostrophe. Numbers are left alone; the JSON Lines export keeps every value exact for checking the chain.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
