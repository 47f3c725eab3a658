// Reads for the clients screen: sessions open now and the login history, with their users' names opened.

import { clientKindSchema, loginResults } from '../../contract/index.ts';
import type { ConnectedClient, LoginEntry, LoginResult } from '../../contract/ops-clients.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Store } from '../storage/database.ts';
import type { User } from '../users/user-data.ts';
import { userForDisplay } from '../users/users-repo.ts';

/** Opens only the users a page mentions, each once: the users table may be far larger than the page. */
async function usersById(store: Store, keyring: Keyring, ids: string[]): Promise<Map<string, User>> {
  const unique = [...new Set(ids)];
  const users = new Map<string, User>();
  // SQLite binds at most 32766 parameters; pages are far smaller, but chunk so the bound is never met.
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await store.read(
      store.db
        .selectFrom('users')
        .selectAll()
        .where('id', 'in', unique.slice(i, i + 500)),
    );
    for (const row of rows) {
      const user = userForDisplay(keyring, row);
      if (user) users.set(row.id, user);
    }
  }
  return users;
}

export interface LiveSessionQuery {
  now: Date;
  idleMinutes: number;
  userId?: string | undefined;
  limit: number;
  currentSessionId: string;
  /** This node's name: for sessions from before nodes were recorded. */
  node: string;
}

/** Open means: not ended, not past its expiry, and used within the idle timeout. */
export async function listLiveSessions(
  store: Store,
  keyring: Keyring,
  q: LiveSessionQuery,
): Promise<{ clients: ConnectedClient[]; total: number }> {
  const nowIso = q.now.toISOString();
  const idleCutoff = new Date(q.now.getTime() - q.idleMinutes * 60_000).toISOString();
  let base = store.db
    .selectFrom('sessions')
    .where('ended_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .where('last_seen_at', '>', idleCutoff);
  if (q.userId) base = base.where('user_id', '=', q.userId);
  const rows = await store.read(base.selectAll().orderBy('last_seen_at', 'desc').limit(q.limit));
  const counted = await store.readFirst(base.select((eb) => eb.fn.countAll<number>().as('n')));
  const users = await usersById(
    store,
    keyring,
    rows.map((r) => r.user_id),
  );
  const clients = rows.flatMap((row): ConnectedClient[] => {
    const user = users.get(row.user_id);
    const kind = clientKindSchema.safeParse(row.client_kind);
    if (!user || !kind.success) return [];
    return [
      {
        sessionId: row.id,
        userId: row.user_id,
        username: user.username,
        displayName: user.displayName,
        identity: user.kind,
        role: user.role,
        clientKind: kind.data,
        address: row.address,
        port: row.port,
        loginAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        operations: row.op_count,
        node: row.node ?? q.node,
        current: row.id === q.currentSessionId,
      },
    ];
  });
  return { clients, total: Number(counted?.n ?? clients.length) };
}

export interface LoginHistoryQuery {
  userId?: string | undefined;
  result?: LoginResult | 'failed' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const isLoginResult = (value: string): value is LoginResult =>
  (loginResults as readonly string[]).includes(value);

/** Newest first, by sequence number: the cursor is the last sequence number of the previous page. */
export async function listLogins(
  store: Store,
  keyring: Keyring,
  q: LoginHistoryQuery,
): Promise<{ entries: LoginEntry[]; nextCursor: string | null }> {
  let query = store.db.selectFrom('logins').selectAll();
  if (q.userId) query = query.where('user_id', '=', q.userId);
  if (q.result === 'failed') query = query.where('result', '!=', 'ok');
  else if (q.result) query = query.where('result', '=', q.result);
  // Times are stored as toISOString() text, so text order is time order.
  if (q.from) query = query.where('time', '>=', new Date(q.from).toISOString());
  if (q.to) query = query.where('time', '<=', new Date(q.to).toISOString());
  if (q.cursor) query = query.where('seq', '<', Number(q.cursor));
  const rows = await store.read(query.orderBy('seq', 'desc').limit(q.limit + 1));
  const page = rows.slice(0, q.limit);
  const users = await usersById(
    store,
    keyring,
    page.flatMap((r) => (r.user_id ? [r.user_id] : [])),
  );
  const entries = page.flatMap((row): LoginEntry[] => {
    const kind = clientKindSchema.safeParse(row.client_kind);
    if (!kind.success || !isLoginResult(row.result)) return [];
    const user = row.user_id ? users.get(row.user_id) : undefined;
    return [
      {
        seq: row.seq,
        time: row.time,
        userId: row.user_id,
        username: user?.username ?? null,
        displayName: user?.displayName ?? null,
        address: row.address,
        port: row.port,
        clientKind: kind.data,
        result: row.result,
      },
    ];
  });
  const last = page.at(-1);
  return { entries, nextCursor: rows.length > q.limit && last ? String(last.seq) : null };
}
