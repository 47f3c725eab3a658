// What a transaction changed that memory holds a copy of. A service's write registers it inside the
// transaction; Store.transaction applies it once the transaction commits (and drops it if it rolls back),
// so a write cannot reach the database without reaching memory too.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

// The store's own names for these (database.ts) import this file: spelled out here, no cycle.
type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/**
 * An in-memory copy of some rows: refresh(ids) brings those ids up to date, after a local commit or another
 * node's alike. A local write may hand over what it knows the rows now hold (`known`), so that the copy
 * need not read back what it just wrote; whatever is not known is read.
 */
export interface MemoryCopy<K = never> {
  /** What the copy holds, for the messages of misuse. */
  readonly name: string;
  refresh(ids: readonly string[], known?: ReadonlyMap<string, K>): Promise<void>;
}

interface Touch {
  ids: Set<string>;
  known: Map<string, unknown>;
}

export class CommitEffects {
  /** Each copy's ids this transaction wrote. */
  readonly touched = new Map<MemoryCopy<unknown>, Touch>();
  /**
   * True once a write reached rows the session cache, the settings or the revoked serials are copied
   * from (users, sessions, settings, certificates): such a transaction has scope 'any'.
   */
  caches = false;
  /** True once a write reached rows that have no copy in memory at all (contacts, staged imports). */
  uncopied = false;

  /** All ids touched, of every copy (what the change feed names). */
  get ids(): Set<string> {
    const all = new Set<string>();
    for (const { ids } of this.touched.values()) for (const id of ids) all.add(id);
    return all;
  }

  /**
   * What this transaction may have written, for caches that are not services yet: 'secrets' when every
   * write was registered by the secrets side (secrets, grants, contacts, imports), else 'any'.
   */
  get scope(): 'secrets' | 'any' {
    return !this.caches && (this.touched.size > 0 || this.uncopied) ? 'secrets' : 'any';
  }

  /** After the commit: every copy refreshes the ids written (in the order the copies were first touched). */
  async apply(): Promise<void> {
    for (const [copy, { ids, known }] of this.touched) await copy.refresh([...ids], known);
  }
}

const effectsOf = new WeakMap<Trx, CommitEffects>();

/** Called by Store.transaction for each attempt: the effects of that attempt's trx. */
export function trackEffects(trx: Trx): CommitEffects {
  const effects = new CommitEffects();
  effectsOf.set(trx, effects);
  return effects;
}

/** The effects registered so far in this transaction (the dispatcher notes them in the change feed). */
export function effectsIn(trx: Trx): CommitEffects | null {
  return effectsOf.get(trx) ?? null;
}

/**
 * Registers that this transaction wrote these ids of a copy. Outside Store.transaction there is nobody to
 * apply it after commit, which would leave memory stale: that is a programming error, so it throws.
 */
export function touched<K>(
  trx: Trx,
  copy: MemoryCopy<K>,
  ids: Iterable<string>,
  known?: Iterable<readonly [string, K]>,
): void {
  const effects = effectsOf.get(trx);
  if (!effects) throw new Error(`a write to ${copy.name} must run in Store.transaction`);
  const key = copy as MemoryCopy<unknown>;
  let touch = effects.touched.get(key);
  if (!touch) {
    touch = { ids: new Set(), known: new Map() };
    effects.touched.set(key, touch);
  }
  for (const id of ids) {
    touch.ids.add(id);
    // A later write of the same id in this transaction, without a record, makes the copy read it back.
    touch.known.delete(id);
  }
  for (const [id, value] of known ?? []) {
    touch.ids.add(id);
    touch.known.set(id, value);
  }
}

/**
 * Registers a write to rows the session cache, the settings or the revoked serials are copied from. Takes
 * a plain connection too (a write outside Store.transaction leaves nothing to register: scope 'any').
 */
export function cachedRowsWritten(trx: Trx | Db): void {
  const effects = effectsOf.get(trx as Trx);
  if (effects) effects.caches = true;
}

/** Registers a write to rows memory holds no copy of (contacts, staged imports). */
export function uncopiedRowsWritten(trx: Trx | Db): void {
  const effects = effectsOf.get(trx as Trx);
  if (effects) effects.uncopied = true;
}

/**
 * Copies whose refresh failed after their transaction committed, with the ids still to reread. The write
 * stands (it committed), so its caller is answered success, not an error; the copy is reread before the
 * next request (Store.refreshStale), and until then keeps what it held.
 */
export class StaleCopies {
  readonly #pending = new Map<MemoryCopy<unknown>, Set<string>>();
  #report: (copy: string, error: unknown) => void = () => undefined;

  /** Told of every failed refresh (the server logs it at error level). */
  reportTo(report: (copy: string, error: unknown) => void): void {
    this.#report = report;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** After a commit: each copy refreshes what was written to it; one that fails is marked stale instead. */
  async apply(effects: CommitEffects): Promise<void> {
    for (const [copy, { ids, known }] of effects.touched) {
      try {
        await copy.refresh([...ids], known);
      } catch (error) {
        this.#failed(copy, ids, error);
      }
    }
  }

  /** Rereads every stale copy's ids; a copy that fails again stays stale (and is reported again). */
  async reread(): Promise<void> {
    for (const [copy, ids] of [...this.#pending]) {
      // Taken out first: ids another failure marks meanwhile wait for the next reread, none is lost.
      this.#pending.delete(copy);
      try {
        await copy.refresh([...ids]);
      } catch (error) {
        this.#failed(copy, ids, error);
      }
    }
  }

  #failed(copy: MemoryCopy<unknown>, ids: Iterable<string>, error: unknown): void {
    this.#report(copy.name, error);
    let pending = this.#pending.get(copy);
    if (!pending) {
      pending = new Set();
      this.#pending.set(copy, pending);
    }
    for (const id of ids) pending.add(id);
  }
}
