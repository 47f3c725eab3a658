// The embedded default: one better-sqlite3 file in WAL mode, a writer connection for kysely and a
// second, read-only connection for hot reads.
import BetterSqlite3 from 'better-sqlite3';
import { type Compilable, Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { StatementCache } from './statement-cache.ts';

export interface SqliteOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
  /** 'full' syncs the WAL on every commit (survives power loss); 'normal' survives a process crash. */
  synchronous?: 'full' | 'normal';
  /** How many times a transaction that met SQLITE_BUSY is run again from the start. */
  busyRetries?: number;
  /**
   * The better-sqlite3 binary to load instead of node_modules' own: the desktop app's build for Electron's
   * ABI (better-sqlite3's `nativeBinding` option; see scripts/native-folder.mjs).
   */
  nativeBinding?: string;
}

/** What writeSync hands its function: run a kysely-built statement, or fetch its first row. */
export interface SyncWriter {
  run(query: Compilable<unknown>): void;
  first<R>(query: Compilable<R>): R | undefined;
}

export class SqliteEngine {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<Database>;
  #reads: StatementCache;
  readonly #writes: StatementCache;
  #reader: BetterSqlite3.Database | null = null;
  readonly #native: BetterSqlite3.Options;

  private constructor(
    readonly sqlite: BetterSqlite3.Database,
    native: BetterSqlite3.Options,
  ) {
    this.#native = native;
    // One cache for the writer connection: kysely's statements and writeSync's are the same ones.
    this.#writes = new StatementCache(sqlite);
    this.db = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.#writes.forKysely() }) });
    this.#reads = this.#writes;
  }

  static open(options: SqliteOptions): SqliteEngine {
    const native = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
    const sqlite = new BetterSqlite3(options.path, native);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, so erased ciphertext does not linger in free pages.
    sqlite.pragma('secure_delete = ON');
    return new SqliteEngine(sqlite, native);
  }

  /**
   * After migrations: a second connection for hot reads. WAL gives it the last committed state, never a
   * writer's unfinished transaction, and it does not queue behind the writer's connection.
   */
  openReader(path: string): void {
    if (path === ':memory:') return;
    this.#reader = new BetterSqlite3(path, { ...this.#native, readonly: true });
    this.#reader.pragma('busy_timeout = 5000');
    this.#reads = new StatementCache(this.#reader);
  }

  /** A select on the read connection, synchronous underneath: no connection mutex, no promise per row. */
  async select<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    return this.#reads.get(sql).all(...parameters) as T[];
  }

  /**
   * Runs fn as one synchronous transaction on the writer connection, taken from kysely so that no kysely
   * transaction is open meanwhile.
   */
  async writeSync<T>(fn: (w: SyncWriter) => T): Promise<T> {
    const writer: SyncWriter = {
      run: (query) => {
        const compiled = query.compile();
        this.#writes.get(compiled.sql).run(...compiled.parameters);
      },
      first: <R>(query: Compilable<R>) => {
        const compiled = query.compile();
        return this.#writes.get(compiled.sql).get(...compiled.parameters) as R | undefined;
      },
    };
    return this.db.connection().execute(async () => this.sqlite.transaction(() => fn(writer)).immediate());
  }

  async close(): Promise<void> {
    this.#reader?.close();
    await this.db.destroy();
  }
}
