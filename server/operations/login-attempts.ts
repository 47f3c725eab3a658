// Lockout bookkeeping: failures inside a window lock the account for a while; every outcome is recorded.
import type { ClientKind, Settings } from '../contract/index.ts';
import type { ServerState } from '../server-state.ts';
import { type LoginRecord, recordLogin } from '../sessions/sessions-repo.ts';
import type { User } from '../users/user-data.ts';
import { updateUserState } from '../users/users-repo.ts';

export function lockedUntil(user: User, now: Date): Date | null {
  if (!user.lockedUntil) return null;
  const until = new Date(user.lockedUntil);
  return until.getTime() > now.getTime() ? until : null;
}

/** Counts one failed login; returns true when this failure started a lockout. */
export async function countFailure(
  state: ServerState,
  user: User,
  now: Date,
  lockout: Settings['lockout'],
): Promise<boolean> {
  return state.store.transaction(async (trx) => {
    const row = await trx
      .selectFrom('users')
      .select(['failed_logins', 'failure_window_start'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const windowStart = row.failure_window_start ? new Date(row.failure_window_start) : null;
    const fresh = !windowStart || now.getTime() - windowStart.getTime() > lockout.windowMinutes * 60_000;
    const failures = fresh ? 1 : row.failed_logins + 1;
    const locks = failures >= lockout.maxFailures;
    await updateUserState(
      trx,
      user.id,
      locks
        ? {
            failedLogins: 0,
            failureWindowStart: null,
            lockedUntil: new Date(now.getTime() + lockout.durationMinutes * 60_000).toISOString(),
          }
        : {
            failedLogins: failures,
            failureWindowStart: fresh ? now.toISOString() : (row.failure_window_start ?? null),
          },
      now.toISOString(),
    );
    return locks;
  });
}

export function loginRecord(
  caller: { address: string; port: number },
  clientKind: ClientKind,
  usernameIndex: string,
  userId: string | null,
  time: string,
  result: LoginRecord['result'],
  sessionId: string | null = null,
): LoginRecord {
  return {
    userId,
    usernameIndex,
    sessionId,
    address: caller.address,
    port: caller.port,
    clientKind,
    time,
    result,
  };
}

export function recordFailedLogin(state: ServerState, record: LoginRecord): Promise<void> {
  return state.store.transaction((trx) => recordLogin(trx, record));
}
