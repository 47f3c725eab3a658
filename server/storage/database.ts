// Opens the SQLite store: pragmas, migrations at start, and a transaction wrapper that retries on busy.
import { AsyncLocalStorage } from 'node:async_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { type Compilable, Kysely, Migrator, SqliteDialect, type Transaction } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

/**
 * What a transaction may have written: 'audit' (audit entries and session use only), 'secrets' (secrets,
 * versions, shares, plus audit), or 'any'.
 */
export type WriteScope = 'audit' | 'secrets' | 'any';

/** What writeSync hands its function: run a kysely-built statement, or fetch its first row. */
export interface SyncWriter {
  run(query: Compilable<unknown>): void;
  first<R>(query: Compilable<R>): R | undefined;
}

export interface StoreOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  /** 'full' syncs the WAL on every commit (survives power loss); 'normal' survives a process crash. */
  synchronous?: 'full' | 'normal';
  /** How many times a transaction that met SQLITE_BUSY is run again from the start. */
  busyRetries?: number;
}

const inTransaction = new AsyncLocalStorage<true>();

export class Store {
  readonly db: Db;
  readonly sqlite: BetterSqlite3.Database;
  readonly #busyRetries: number;
  #reader: BetterSqlite3.Database | null = null;
  readonly #readStatements = new Map<string, BetterSqlite3.Statement>();
  readonly #writeStatements = new Map<string, BetterSqlite3.Statement>();
  readonly #writeListeners: ((scope: WriteScope) => void)[] = [];

  private constructor(sqlite: BetterSqlite3.Database, busyRetries: number) {
    this.sqlite = sqlite;
    this.#busyRetries = busyRetries;
    this.db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }

  static async open(options: StoreOptions): Promise<Store> {
    const sqlite = new BetterSqlite3(options.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, so erased ciphertext does not linger in free pages.
    sqlite.pragma('secure_delete = ON');
    const store = new Store(sqlite, options.busyRetries ?? 5);
    await store.migrate();
    if (options.path !== ':memory:') {
      // A second connection for hot reads: WAL gives it the last committed state, never a writer's
      // unfinished transaction, and it does not queue behind the writer's connection.
      store.#reader = new BetterSqlite3(options.path, { readonly: true });
      store.#reader.pragma('busy_timeout = 5000');
    }
    return store;
  }

  /**
   * Runs a select built with kysely on the read connection, synchronously underneath (no connection
   * mutex, no promise chain per statement). It sees committed data only; inside a transaction use trx.
   */
  async read<T>(query: Compilable<T>): Promise<T[]> {
    const compiled = query.compile();
    return this.#readStatement(compiled.sql).all(...compiled.parameters) as T[];
  }

  /**
   * A read for the hot path, built and compiled by kysely once: `build` is called with stand-ins for its
   * arguments, and each call only binds the real values. Same rules as read().
   */
  prepareRead<A extends (string | number)[], T>(
    build: (db: Db, ...args: A) => Compilable<T>,
    arity: A['length'],
  ): (...args: A) => Promise<T[]> {
    const standIns = Array.from({ length: arity }, (_, i) => `\u0000keyhold-argument-${i}\u0000`);
    const compiled = build(this.db, ...(standIns as A)).compile();
    // Each parameter is either one of the arguments (by position) or a constant of the query (e.g. a limit).
    const slots = compiled.parameters.map((value): number | { constant: unknown } => {
      const argument = standIns.indexOf(value as string);
      return argument >= 0 ? argument : { constant: value };
    });
    if (slots.filter((slot) => typeof slot === 'number').length !== arity) {
      throw new Error('prepareRead: every argument must appear in the query exactly once as a parameter');
    }
    return async (...args: A) =>
      this.#readStatement(compiled.sql).all(
        ...slots.map((slot) => (typeof slot === 'number' ? args[slot] : slot.constant)),
      ) as T[];
  }

  #readStatement(sql: string): BetterSqlite3.Statement {
    let statement = this.#readStatements.get(sql);
    if (!statement) {
      statement = (this.#reader ?? this.sqlite).prepare(sql);
      if (this.#readStatements.size >= 500) this.#readStatements.clear();
      this.#readStatements.set(sql, statement);
    }
    return statement;
  }

  async readFirst<T>(query: Compilable<T>): Promise<T | undefined> {
    return (await this.read(query))[0];
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
      throw new Error(`database migration failed: ${reason}`);
    }
  }

  /**
   * Runs fn in one transaction. Nesting is a bug (kysely would deadlock on the single connection), so it
   * throws; SQLITE_BUSY from another process holding the file reruns the whole transaction.
   */
  async transaction<T>(fn: (trx: Trx) => Promise<T>, options: { scope?: WriteScope } = {}): Promise<T> {
    if (inTransaction.getStore()) throw new Error('nested transaction: pass the outer trx instead');
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await inTransaction.run(true, () => this.db.transaction().execute(fn));
        for (const listener of this.#writeListeners) listener(options.scope ?? 'any');
        return result;
      } catch (error) {
        if (!isBusy(error) || attempt >= this.#busyRetries) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
      }
    }
  }

  /**
   * Runs fn as one synchronous transaction on the writer connection, taken from kysely so that no kysely
   * transaction is open meanwhile. fn builds queries with kysely and runs them through the writer it is
   * given; with nothing awaited inside, a batch costs no promise hops per statement.
   */
  async writeSync<T>(fn: (w: SyncWriter) => T, options: { scope?: WriteScope } = {}): Promise<T> {
    if (inTransaction.getStore()) throw new Error('nested transaction: pass the outer trx instead');
    const writer: SyncWriter = {
      run: (query) => {
        const compiled = query.compile();
        this.#writeStatement(compiled.sql).run(...compiled.parameters);
      },
      first: <R>(query: Compilable<R>) => {
        const compiled = query.compile();
        return this.#writeStatement(compiled.sql).get(...compiled.parameters) as R | undefined;
      },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.db
          .connection()
          .execute(async () => this.sqlite.transaction(() => fn(writer)).immediate());
        for (const listener of this.#writeListeners) listener(options.scope ?? 'any');
        return result;
      } catch (error) {
        if (!isBusy(error) || attempt >= this.#busyRetries) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
      }
    }
  }

  #writeStatement(sql: string): BetterSqlite3.Statement {
    let statement = this.#writeStatements.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      if (this.#writeStatements.size >= 500) this.#writeStatements.clear();
      this.#writeStatements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Called after every committed transaction with what it may have changed, so caches of rows can drop
   * their copies. This process is the database's only writer; edits from outside are not seen by caches.
   */
  onWrite(listener: (scope: WriteScope) => void): void {
    this.#writeListeners.push(listener);
  }

  async close(): Promise<void> {
    this.#reader?.close();
    await this.db.destroy();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
