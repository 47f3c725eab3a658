// Lockout bookkeeping: failures of a name from any address inside a window lock it for network sign-ins
// (per address: auth/address-lockout.ts); every outcome is recorded.
import type { ClientKind, Settings } from '../../contract/index.ts';
import type { Keyring } from '../keyring/index.ts';
import type { ServerState } from '../server-state.ts';
import { type LoginRecord, recordLogin } from '../sessions/sessions-repo.ts';
import type { Trx } from '../storage/database.ts';
import type { User } from '../users/user-data.ts';
import { failureCounters, updateUserState } from '../users/users-repo.ts';

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
  return state.store.transaction((trx) => countFailureIn(trx, state.keyring, user, now, lockout));
}

/** countFailure inside a transaction the caller holds (a refused sign-in records itself in the same one). */
export async function countFailureIn(
  trx: Trx,
  keyring: Keyring,
  user: User,
  now: Date,
  lockout: Settings['lockout'],
): Promise<boolean> {
  {
    const row = await failureCounters(trx, user.id);
    const windowStart = row.failure_window_start ? new Date(row.failure_window_start) : null;
    const fresh = !windowStart || now.getTime() - windowStart.getTime() > lockout.windowMinutes * 60_000;
    const failures = fresh ? 1 : row.failed_logins + 1;
    const locks = failures >= lockout.maxFailures;
    await updateUserState(
      trx,
      keyring,
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
  }
}

/**
 * How many more failures lock a name from everywhere than lock it from one address: guessing spread over
 * many addresses still ends in a lock, while one address alone can lock the name only for itself.
 */
export const NAME_WIDE_FACTOR = 4;

const nameWide = (lockout: Settings['lockout']) => ({
  ...lockout,
  maxFailures: lockout.maxFailures * NAME_WIDE_FACTOR,
});

/** Counts one failure against the name from any address; true when it started the name-wide lock. */
export function countNameFailure(state: ServerState, user: User, now: Date): Promise<boolean> {
  return countFailure(state, user, now, nameWide(state.settings.lockout));
}

/**
 * Records a refused sign-in and, for a wrong password of a known name, counts the name-wide failure, in
 * one transaction: every kind of refusal then costs one commit, so none is quicker to tell apart.
 * Returns true when this failure started the name-wide lock.
 */
export function recordRefusedLogin(
  state: ServerState,
  record: LoginRecord,
  countFor: User | null,
  now: Date,
): Promise<boolean> {
  return state.store.transaction(async (trx) => {
    const locked = countFor
      ? await countFailureIn(trx, state.keyring, countFor, now, nameWide(state.settings.lockout))
      : false;
    await recordLogin(trx, record);
    return locked;
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
