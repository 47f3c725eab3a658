// Checks a request's session: token, session row, expiry and idle time, user active, login hours, replay.

import type { AppContext } from '../app-context.ts';
import { withinLoginHours } from '../auth/login-hours.ts';
import { acceptOperationNumber } from '../auth/replay-window.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { OpError } from '../errors.ts';
import { rowSealOf } from '../integrity/row-seal.ts';
import { checkRow, sessionTag } from '../integrity/row-tags.ts';
import { endSessions, findSessionByTokenHash } from '../sessions/sessions-repo.ts';
import { findUserById } from '../users/users-repo.ts';
import type { AuthenticatedSession, CallerInfo } from './caller.ts';
import type { CachedSession } from './session-cache.ts';

/** What checking a session reads: the seal state (keyring, settings), the store, the session caches. */
export type AuthContext = Pick<
  AppContext,
  'state' | 'store' | 'node' | 'clock' | 'sessions' | 'replayWindows' | 'operationClaims' | 'cluster'
>;

/** A session found but refused still names its user and session in the audit entry. */
export class SessionRefused extends OpError {
  constructor(
    error: OpError,
    readonly userId: string,
    readonly sessionId: string,
  ) {
    super(error.code, error.message, {
      auditCode: error.auditCode ?? error.code,
      ...(error.field !== undefined && { field: error.field }),
    });
  }
}

function replayed(opNumber: number | null, reason: 'repeated' | 'stale'): OpError {
  return new OpError('replayed_operation', `operation number ${opNumber} was already used or is too old`, {
    auditCode: `replay_${reason}`,
  });
}

async function loadSession(app: AuthContext, tokenHash: string): Promise<CachedSession | null> {
  const { state } = app;
  const cached = app.sessions.get(tokenHash);
  if (cached) return cached;
  const row = await findSessionByTokenHash(app.store, tokenHash);
  if (!row) return null;
  // Before anything of an open row is believed: a session forged, re-pointed or revived (ending drops the
  // tag) in the file is refused (integrity_error, logged and audited), never cached.
  if (row.ended_at === null) checkRow(rowSealOf(state.keyring), sessionTag(row), row.row_seal);
  const user = await findUserById(app.store, state.keyring, row.user_id);
  const session: CachedSession = {
    id: row.id,
    userId: row.user_id,
    ended: row.ended_at !== null,
    expiresAt: new Date(row.expires_at).getTime(),
    lastSeen: new Date(row.last_seen_at).getTime(),
    opHigh: row.op_high,
    opWindow: BigInt(row.op_window),
    user: user && { isActive: user.isActive, role: user.role, loginHours: user.loginHours },
  };
  app.sessions.set(tokenHash, session);
  return session;
}

export async function authenticate(app: AuthContext, caller: CallerInfo): Promise<AuthenticatedSession> {
  if (!caller.token) throw new OpError('unauthenticated', 'sign in first: this operation needs a session');
  const { state } = app;
  const now = app.clock();
  const nowIso = now.toISOString();
  const tokenHash = sha256Hex(caller.token);
  let session = await loadSession(app, tokenHash);
  if (
    session &&
    app.store.shared &&
    now.getTime() >= session.lastSeen + state.settings.session.idleMinutes * 60_000
  ) {
    // Another node may have served the session since this one cached it: its row knows the last use.
    app.sessions.delete(tokenHash);
    session = await loadSession(app, tokenHash);
  }
  if (!session) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
  const refuse = (error: OpError): never => {
    throw new SessionRefused(error, session.userId, session.id);
  };
  const end = (where: { sessionId?: string; userId?: string }, reason: string) =>
    app.store.transaction(async (trx) => {
      const ended = await endSessions(trx, where, reason, nowIso);
      // Other nodes drop their cached copy of the session on their next request.
      await app.cluster?.note(trx, {
        scope: 'any',
        operation: `session:${reason}`,
        target: where.sessionId ?? where.userId ?? null,
      });
      return ended;
    });
  if (session.ended) {
    app.replayWindows.delete(session.id);
    refuse(
      new OpError('unauthenticated', 'the session has ended: sign in again', { auditCode: 'session_ended' }),
    );
  }
  const idleDeadline = session.lastSeen + state.settings.session.idleMinutes * 60_000;
  if (now.getTime() >= session.expiresAt || now.getTime() >= idleDeadline) {
    await end({ sessionId: session.id }, 'expired');
    app.replayWindows.delete(session.id);
    refuse(new OpError('session_expired', 'the session has expired: sign in again'));
  }
  const user = session.user;
  if (!user?.isActive) {
    await end({ userId: session.userId }, 'user_disabled');
    return refuse(new OpError('account_disabled', 'this account is disabled'));
  }
  if (!withinLoginHours(user.loginHours ?? state.settings.loginHours[user.role], now)) {
    refuse(new OpError('outside_login_hours', 'this account may not be used at this time of day'));
  }
  if (caller.opNumber === null) {
    refuse(
      new OpError('bad_request', 'every request in a session needs an operation number', {
        field: 'opNumber',
      }),
    );
  }
  // The replay window advances in memory at once (the event loop makes check-and-set atomic here), so a
  // concurrent duplicate is refused; it reaches the session row with this request's audit entry.
  const window = app.replayWindows.get(session.id) ?? { high: session.opHigh, window: session.opWindow };
  const verdict = acceptOperationNumber(window, caller.opNumber ?? 0);
  if (!verdict.ok) {
    return refuse(replayed(caller.opNumber, verdict.reason));
  }
  app.replayWindows.set(session.id, verdict.next, now.getTime(), state.settings.session.idleMinutes * 60_000);
  if (app.operationClaims) {
    // Several nodes: the number is used once the session's row says so (a compare-and-set), so a number
    // used through another node, or a duplicate racing through one, is refused here.
    const claimed = await app.operationClaims.claim(session.id, caller.opNumber ?? 0, window);
    if (!claimed.ok) return refuse(replayed(caller.opNumber, claimed.reason));
  }
  session.lastSeen = now.getTime();
  return {
    sessionId: session.id,
    userId: session.userId,
    role: user.role,
    touch: {
      sessionId: session.id,
      lastSeenAt: nowIso,
      opHigh: verdict.next.high,
      opWindow: verdict.next.window,
      // On a shared store the claim above wrote the window; the touch records which node served instead.
      ...(app.store.shared && { node: app.node }),
    },
  };
}
