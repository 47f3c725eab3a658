// What authentication needs of a session and its user, kept in memory between writes to either.
import type { LoginHours, Role } from '../../contract/index.ts';

export interface CachedSession {
  id: string;
  userId: string;
  ended: boolean;
  expiresAt: number;
  /** Last use: ahead of the row, which catches up when the request's audit entry commits. */
  lastSeen: number;
  opHigh: number;
  opWindow: bigint;
  user: { isActive: boolean; role: Role; loginHours: LoginHours | null } | null;
}

/**
 * Keyed by token hash. Any committed write other than audit entries clears it (Store.onWrite), so a
 * disabled user, an ended session or a changed role is seen by the very next request.
 */
export class SessionCache {
  readonly #entries = new Map<string, CachedSession>();

  get(tokenHash: string): CachedSession | undefined {
    return this.#entries.get(tokenHash);
  }

  set(tokenHash: string, session: CachedSession): void {
    // Bounded: a flood of distinct sessions must not grow memory without end.
    if (this.#entries.size >= 10_000) this.#entries.clear();
    this.#entries.set(tokenHash, session);
  }

  delete(tokenHash: string): void {
    this.#entries.delete(tokenHash);
  }

  clear(): void {
    this.#entries.clear();
  }
}
