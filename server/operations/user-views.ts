// Turns the domain user into what the contract shows: never a verifier, key or code.
import type { UserRecord } from '../../contract/index.ts';
import type { User } from '../users/user-data.ts';

export function userSummary(user: User) {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

/**
 * `addressLockedUntil`: the end of the latest lock of this name from one address (kept in this node's
 * memory), so that a person paused by guessing from one address shows as locked and can be unlocked.
 */
export function userRecord(user: User, now: Date, addressLockedUntil?: number): UserRecord {
  const nameLock = user.lockedUntil ? new Date(user.lockedUntil).getTime() : 0;
  const until = Math.max(nameLock, addressLockedUntil ?? 0);
  const locked = until > now.getTime() ? new Date(until).toISOString() : null;
  return {
    ...userSummary(user),
    isActive: user.isActive,
    enrolled: user.enrolled,
    lockedUntil: locked,
    loginHours: user.loginHours,
    createdAt: user.createdAt,
  };
}
