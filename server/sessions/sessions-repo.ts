// Sessions and login history: tokens only as hashes; ending a session is a row update, effective at once.
import type { ClientKind } from '../../contract/index.ts';
import { rowSealOf } from '../integrity/row-seal.ts';
import { sessionTag, tagOf } from '../integrity/row-tags.ts';
import type { Keyring } from '../keyring/index.ts';
import { cachedRowsWritten } from '../storage/commit-effects.ts';
import type { Db, Store, Trx } from '../storage/database.ts';
import { preparedRead } from '../storage/prepared.ts';
import type { SessionRow } from '../storage/tables/sessions.ts';

export interface NewSession {
  id: string;
  tokenHash: string;
  userId: string;
  clientKind: ClientKind;
  address: string;
  port: number;
  now: string;
  expiresAt: string;
  /** The server node the session was opened on (several may share a store). */
  node: string;
}

export async function insertSession(trx: Trx, keyring: Keyring, s: NewSession): Promise<void> {
  cachedRowsWritten(trx);
  const row = {
    id: s.id,
    token_hash: s.tokenHash,
    user_id: s.userId,
    client_kind: s.clientKind,
    address: s.address,
    port: s.port,
    created_at: s.now,
    last_seen_at: s.now,
    expires_at: s.expiresAt,
    ended_at: null,
    end_reason: null,
    op_high: 0,
    op_window: '0',
    node: s.node,
  };
  // The tag binds the token hash to its user, kind and expiry: a row forged in the file opens nothing.
  await trx
    .insertInto('sessions')
    .values({ ...row, row_seal: tagOf(rowSealOf(keyring), sessionTag(row)) })
    .execute();
}

export const findSessionByTokenHash: (store: Store, tokenHash: string) => Promise<SessionRow | undefined> =
  preparedRead(
    (db, tokenHash: string) => db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash),
    1,
  );

export function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listOpenSessions(db: Db, userId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function endSessions(
  db: Db | Trx,
  where: { sessionId?: string; userId?: string; exceptSessionId?: string },
  reason: string,
  now: string,
): Promise<number> {
  cachedRowsWritten(db);
  let query = db
    .updateTable('sessions')
    // The tag goes with the ending: a row whose ended_at is cleared in the file has none, and opens nothing.
    .set({ ended_at: now, end_reason: reason, row_seal: null })
    .where('ended_at', 'is', null);
  if (where.sessionId) query = query.where('id', '=', where.sessionId);
  if (where.userId) query = query.where('user_id', '=', where.userId);
  if (where.exceptSessionId) query = query.where('id', '!=', where.exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface LoginRecord {
  userId: string | null;
  usernameIndex: string;
  sessionId: string | null;
  address: string;
  port: number;
  clientKind: ClientKind;
  time: string;
  result: 'ok' | 'invalid_credentials' | 'account_locked' | 'account_disabled' | 'outside_login_hours';
}

export async function recordLogin(db: Db | Trx, r: LoginRecord): Promise<void> {
  await db
    .insertInto('logins')
    .values({
      user_id: r.userId,
      username_index: r.usernameIndex,
      session_id: r.sessionId,
      address: r.address,
      port: r.port,
      client_kind: r.clientKind,
      time: r.time,
      result: r.result,
    })
    .execute();
}
