// Failed sign-ins per (name, address): an address that keeps guessing a name is locked out of that name
// alone, for longer each time, so nobody can lock a person (or every administrator) out from elsewhere.

export interface LockoutRules {
  maxFailures: number;
  windowMinutes: number;
  durationMinutes: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  /** Locks in a row for this pair: each doubles the next one's length (reset a day after the last). */
  locks: number;
  lastLockAt: number;
}

/** The longest a lock grows to (a day), however often the address comes back. */
const MAX_LOCK_MS = 24 * 3_600_000;
/** Bounded: a flood of invented names or addresses must not grow memory without end. */
const MAX_ENTRIES = 20_000;

export class AddressLockout {
  readonly #entries = new Map<string, Entry>();

  static key(nameIndex: string, address: string): string {
    return `${nameIndex}\n${address}`;
  }

  /** When the pair's lock ends, or null when it may try. */
  lockedUntil(key: string, now: number): number | null {
    const entry = this.#entries.get(key);
    return entry && entry.lockedUntil > now ? entry.lockedUntil : null;
  }

  /** Counts one failure; returns the end of the lock it started, or null. */
  fail(key: string, now: number, rules: LockoutRules): number | null {
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= MAX_ENTRIES) this.#evict(now);
      entry = { failures: 0, windowStart: now, lockedUntil: 0, locks: 0, lastLockAt: 0 };
      this.#entries.set(key, entry);
    }
    if (now - entry.windowStart > rules.windowMinutes * 60_000) {
      entry.failures = 0;
      entry.windowStart = now;
    }
    entry.failures += 1;
    if (entry.failures < rules.maxFailures) return null;
    if (now - entry.lastLockAt > MAX_LOCK_MS) entry.locks = 0;
    const length = Math.min(rules.durationMinutes * 60_000 * 2 ** Math.min(entry.locks, 10), MAX_LOCK_MS);
    entry.locks += 1;
    entry.lastLockAt = now;
    entry.failures = 0;
    entry.windowStart = now;
    entry.lockedUntil = now + length;
    return entry.lockedUntil;
  }

  /** A successful sign-in from the pair forgets its failures and its back-off. */
  succeed(key: string): void {
    this.#entries.delete(key);
  }

  /**
   * Each name that some address is locked out of now, with the latest end of those locks: what the
   * administrator's user list shows as locked (and Unlock clears).
   */
  lockedNames(now: number): Map<string, number> {
    const names = new Map<string, number>();
    for (const [key, entry] of this.#entries) {
      if (entry.lockedUntil <= now) continue;
      const name = key.slice(0, key.indexOf('\n'));
      names.set(name, Math.max(names.get(name) ?? 0, entry.lockedUntil));
    }
    return names;
  }

  /** An administrator's unlock (or enable) clears the name from every address. */
  clearName(nameIndex: string): void {
    const prefix = `${nameIndex}\n`;
    for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  /** Drops entries that hold no lock, then the oldest, until there is room. */
  #evict(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.lockedUntil <= now && now - entry.lastLockAt > MAX_LOCK_MS) this.#entries.delete(key);
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size < MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}
