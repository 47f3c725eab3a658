// Opens the store, SQLite (the embedded default) or PostgreSQL (several nodes): migrations at start, a
// transaction wrapper that retries what may be retried, and reads for the hot path.
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { type Compilable, type Kysely, Migrator, type Transaction } from 'kysely';
import { type CommitEffects, StaleCopies, trackEffects } from './commit-effects.ts';
import { type DialectName, isRetryable } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import { PostgresEngine, type PostgresOptions } from './postgres-engine.ts';
import { precompile } from './precompiled.ts';
import type { Database } from './schema.ts';
import { SqliteEngine, type SqliteOptions, type SyncWriter } from './sqlite-engine.ts';

export type { PostgresOptions } from './postgres-engine.ts';
export type { SqliteOptions, SyncWriter } from './sqlite-engine.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/**
 * What a transaction may have written, for the caches that drop their copies wholesale: 'audit' (audit
 * entries and session use only, declared by the audit and statistics writers), 'secrets' (rows of the
 * secrets side only, derived from what the writes registered: see commit-effects.ts), or 'any'.
 */
export type WriteScope = 'audit' | 'secrets' | 'any';

export type StoreOptions = SqliteOptions | PostgresOptions;

/**
 * Finds a transaction opened inside another. AsyncLocalStorage turns on promise hooks for the whole
 * process on Node 20, which cost 5–10% of a read under load (every request awaits a few promises), so
 * the check runs where it finds the bug: under the test runner, which drives every handler (vitest sets
 * VITEST, and servers the tests start as processes inherit it).
 */
const inTransaction = process.env.VITEST ? new AsyncLocalStorage<true>() : null;

export class Store {
  readonly db: Db;
  readonly dialect: DialectName;
  readonly #engine: SqliteEngine | PostgresEngine;
  readonly #retries: number;
  readonly #writeListeners: ((scope: WriteScope) => void)[] = [];
  #beforeCommit: ((trx: Trx, effects: CommitEffects) => Promise<void>) | null = null;
  /** Copies a refresh after a commit failed to reach: reread before the next request. */
  readonly #stale = new StaleCopies();

  private constructor(engine: SqliteEngine | PostgresEngine, retries: number) {
    this.#engine = engine;
    this.db = engine.db;
    this.dialect = engine.dialect;
    this.#retries = retries;
  }

  static async open(options: StoreOptions): Promise<Store> {
    if ('url' in options) {
      const store = new Store(PostgresEngine.open(options), options.retries ?? 5);
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        throw error;
      }
      return store;
    }
    const engine = SqliteEngine.open(options);
    const store = new Store(engine, options.busyRetries ?? 5);
    await store.migrate();
    engine.openReader(options.path);
    return store;
  }

  /** The SQLite connection, for what only SQLite has (its online backup); null on PostgreSQL. */
  get sqlite(): BetterSqlite3.Database | null {
    return this.#engine.sqlite;
  }

  /**
   * PostgreSQL only: connections whose commits skip their own WAL flush, for a single statement whose
   * durability rides on a durable commit the same request makes before it answers (null on SQLite).
   */
  get unflushed(): Db | null {
    return this.#engine instanceof PostgresEngine ? this.#engine.unflushed : null;
  }

  /** True when several server nodes may share this store (PostgreSQL): in-memory copies can go stale. */
  get shared(): boolean {
    return this.dialect === 'postgres';
  }

  /**
   * Runs a select built with kysely outside any transaction: on SQLite on the read connection,
   * synchronously underneath. It sees committed data only; inside a transaction use trx.
   */
  async read<T>(query: Compilable<T>): Promise<T[]> {
    const compiled = query.compile();
    return this.#engine.select<T>(compiled.sql, compiled.parameters);
  }

  /**
   * A read for the hot path, built and compiled by kysely once: `build` is called with stand-ins for its
   * arguments, and each call only binds the real values. Same rules as read().
   */
  prepareRead<A extends (string | number)[], T>(
    build: (db: Db, ...args: A) => Compilable<T>,
    arity: A['length'],
  ): (...args: A) => Promise<T[]> {
    const statement = precompile<A>((...args) => build(this.db, ...args), arity);
    return async (...args: A) => {
      const bound = statement.bind(...args);
      return this.#engine.select<T>(bound.sql, bound.parameters);
    };
  }

  async readFirst<T>(query: Compilable<T>): Promise<T | undefined> {
    return (await this.read(query))[0];
  }

  async migrate(): Promise<void> {
    // On PostgreSQL the migrator holds a lock table, so nodes starting together migrate once.
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
      throw new Error(`database migration failed: ${reason}`);
    }
  }

  /**
   * Runs fn in one transaction. Nesting is a bug (on SQLite kysely would deadlock on the single
   * connection), so it throws under the tests (see inTransaction). A transaction that met SQLITE_BUSY,
   * a serialization failure or a deadlock committed nothing and is run again from the start: fn must
   * only write through trx. What its writes registered for memory (commit-effects.ts) is applied here,
   * after the commit and before this returns; nothing is applied for an attempt that rolled back. A
   * refresh that fails then does not fail the committed write: the copy is marked stale (refreshStale).
   */
  async transaction<T>(fn: (trx: Trx) => Promise<T>, options: { scope?: WriteScope } = {}): Promise<T> {
    let effects: CommitEffects | null = null;
    const tracked = async (trx: Trx) => {
      const registered = trackEffects(trx);
      effects = registered;
      const value = await fn(trx);
      // Last inside the transaction, so it commits (or not) with the writes: e.g. the cluster feed's rows.
      if (this.#beforeCommit && registered.touched.size > 0) await this.#beforeCommit(trx, registered);
      return value;
    };
    const result = await this.#retrying(
      () => options.scope ?? (effects as CommitEffects | null)?.scope ?? 'any',
      () => {
        const engine = this.#engine;
        return engine instanceof PostgresEngine
          ? engine.transaction((trx) => tracked(trx as Trx))
          : engine.db.transaction().execute(tracked);
      },
    );
    // Committed: memory learns of what the writes registered (only the last attempt's trx committed).
    const committed = effects as CommitEffects | null;
    if (committed) await this.#stale.apply(committed);
    return result;
  }

  /**
   * SQLite only (see supportsSyncWrites): fn as one synchronous transaction on the writer connection.
   * fn builds queries with kysely and runs them through the writer it is given; with nothing awaited
   * inside, a batch costs no promise hops per statement.
   */
  async writeSync<T>(fn: (w: SyncWriter) => T, options: { scope?: WriteScope } = {}): Promise<T> {
    const engine = this.#engine;
    if (!(engine instanceof SqliteEngine)) throw new Error('writeSync is SQLite only: use transaction');
    return this.#retrying(
      () => options.scope ?? 'any',
      () => engine.writeSync(fn),
    );
  }

  get supportsSyncWrites(): boolean {
    return this.#engine instanceof SqliteEngine;
  }

  async #retrying<T>(scope: () => WriteScope, run: () => Promise<T>): Promise<T> {
    if (inTransaction?.getStore()) throw new Error('nested transaction: pass the outer trx instead');
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await (inTransaction ? inTransaction.run(true, run) : run());
        const written = scope();
        for (const listener of this.#writeListeners) listener(written);
        return result;
      } catch (error) {
        if (!isRetryable(error) || attempt >= this.#retries) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
      }
    }
  }

  /**
   * Runs inside every transaction whose writes registered changes to an in-memory copy, after fn and
   * before the commit (one hook: the cluster's change feed, which must name what other nodes reread).
   */
  beforeCommit(hook: (trx: Trx, effects: CommitEffects) => Promise<void>): void {
    if (this.#beforeCommit) throw new Error('the store has its before-commit hook already');
    this.#beforeCommit = hook;
  }

  /**
   * Called after every transaction this process committed, with what it may have changed, so caches of
   * rows can drop their copies. Other nodes' writes reach caches through the change feed instead.
   */
  onWrite(listener: (scope: WriteScope) => void): void {
    this.#writeListeners.push(listener);
  }

  /** Told of each refresh after a commit that failed (its copy is reread by refreshStale). */
  onRefreshFailed(report: (copy: string, error: unknown) => void): void {
    this.#stale.reportTo(report);
  }

  /** Rereads what failed refreshes left stale; the security monitor calls it before each request. */
  refreshStale(): Promise<void> {
    return this.#stale.size === 0 ? Promise.resolve() : this.#stale.reread();
  }

  async close(): Promise<void> {
    await this.#engine.close();
  }
}
