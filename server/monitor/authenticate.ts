// Checks a request's session: token, session row, expiry and idle time, user active, login hours, replay.
import { withinLoginHours } from '../auth/login-hours.ts';
import { acceptOperationNumber } from '../auth/replay-window.ts';
import { sha256Hex } from '../auth/tokens.ts';
import type { ServerState } from '../server-state.ts';
import { endSessions, findSessionByTokenHash, touchSession } from '../sessions/sessions-repo.ts';
import { findUserById } from '../users/users-repo.ts';
import type { AuthenticatedSession, CallerInfo } from './caller.ts';
import { OpError } from './op-error.ts';

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

export async function authenticate(state: ServerState, caller: CallerInfo): Promise<AuthenticatedSession> {
  if (!caller.token) throw new OpError('unauthenticated', 'sign in first: this operation needs a session');
  const db = state.store.db;
  const now = state.now();
  const nowIso = now.toISOString();
  let row = await findSessionByTokenHash(db, sha256Hex(caller.token));
  if (!row) throw new OpError('unauthenticated', 'the session is not valid: sign in again');
  const refuse = (error: OpError): never => {
    throw new SessionRefused(error, row?.user_id ?? '', row?.id ?? '');
  };
  if (row.ended_at)
    refuse(
      new OpError('unauthenticated', 'the session has ended: sign in again', { auditCode: 'session_ended' }),
    );
  const { session: limits } = state.settings;
  const idleDeadline = new Date(row.last_seen_at).getTime() + limits.idleMinutes * 60_000;
  if (now.getTime() >= new Date(row.expires_at).getTime() || now.getTime() >= idleDeadline) {
    await endSessions(db, { sessionId: row.id }, 'expired', nowIso);
    refuse(new OpError('session_expired', 'the session has expired: sign in again'));
  }
  const user = await findUserById(db, state.keyring, row.user_id);
  if (!user?.isActive) {
    await endSessions(db, { userId: row.user_id }, 'user_disabled', nowIso);
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
  // Optimistic update of the replay window: a concurrent request of the same session retries on fresh state.
  for (let attempt = 0; attempt < 20; attempt++) {
    const verdict = acceptOperationNumber(
      { high: row.op_high, window: BigInt(row.op_window) },
      caller.opNumber ?? 0,
    );
    if (!verdict.ok) {
      refuse(
        new OpError(
          'replayed_operation',
          `operation number ${caller.opNumber} was already used or is too old`,
          {
            auditCode: `replay_${verdict.reason}`,
          },
        ),
      );
    } else if (await touchSession(db, row, verdict.next, nowIso)) {
      return { sessionId: row.id, userId: user.id, role: user.role };
    }
    const fresh = await findSessionByTokenHash(db, row.token_hash);
    if (!fresh || fresh.ended_at)
      refuse(new OpError('unauthenticated', 'the session has ended: sign in again'));
    row = fresh as NonNullable<typeof fresh>;
  }
  throw new OpError('conflict', 'too many concurrent requests in one session; try again');
}
