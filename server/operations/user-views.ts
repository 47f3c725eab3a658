// Turns the domain user into what the contract shows: never a verifier, key or code.
import type { UserRecord } from '../contract/index.ts';
import type { User } from '../users/user-data.ts';

export function userSummary(user: User) {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
}

export function userRecord(user: User, now: Date): UserRecord {
  const locked =
    user.lockedUntil && new Date(user.lockedUntil).getTime() > now.getTime() ? user.lockedUntil : null;
  return {
    ...userSummary(user),
    isActive: user.isActive,
    enrolled: user.enrolled,
    lockedUntil: locked,
    loginHours: user.loginHours,
    createdAt: user.createdAt,
  };
}
