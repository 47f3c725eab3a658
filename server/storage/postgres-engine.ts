// PostgreSQL for several server nodes: a bounded pool, statement timeouts, and one cluster-wide write
// lock so that transactions keep SQLite's single-writer meaning on every node.
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database (the password is never logged). */
  url: string;
  /** Connections this node may hold at most (default 10). */
  maxConnections?: number;
  /** A statement running longer is cancelled (default 15 s). */
  statementTimeoutMs?: number;
  /** Waiting longer for a free pooled connection fails the request (default 10 s). */
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity: which node holds a connection. */
  applicationName?: string;
  /** How many times a transaction that met a serialization failure or deadlock is run again. */
  retries?: number;
}

/**
 * Every write transaction on any node takes this advisory lock first. Every write appends to the one
 * audit hash chain, whose next link depends on the previous one, so writes are a total order anyway; the
 * lock makes that order explicit instead of letting two nodes link to the same head.
 */
const WRITE_LOCK = 0x6b68_0001;

const INT8 = 20;
const NUMERIC = 1700;

/** 64-bit counts and sums come back as numbers: Keyhold's never pass 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** One transaction at a time per node: the others wait here, not on a pooled connection. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

export class PostgresEngine {
  readonly dialect = 'postgres' as const;
  readonly db: Kysely<Database>;
  readonly sqlite = null;
  /**
   * A few connections whose commits do not wait for their own WAL flush (synchronous_commit off): for
   * single statements whose durability rides on a durable commit that follows before any answer.
   */
  readonly unflushed: Kysely<Database>;
  readonly #writes = new Mutex();

  private constructor(pool: pg.Pool, unflushedPool: pg.Pool) {
    this.db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    this.unflushed = new Kysely<Database>({ dialect: new PostgresDialect({ pool: unflushedPool }) });
  }

  static open(options: PostgresOptions): PostgresEngine {
    const config = (max: number, extra: Partial<pg.PoolConfig> = {}): pg.PoolConfig => ({
      connectionString: options.url,
      max,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      statement_timeout: options.statementTimeoutMs ?? 15_000,
      // A transaction left open (a bug, a stalled node) must not hold the write lock for long.
      idle_in_transaction_session_timeout: 30_000,
      application_name: options.applicationName ?? 'keyhold',
      types,
      ...extra,
    });
    const max = options.maxConnections ?? 10;
    // The unflushed pool is a small share of the node's connections, not more on top of them.
    const unflushedMax = Math.max(1, Math.floor(max / 4));
    const pool = new pg.Pool(config(Math.max(1, max - unflushedMax)));
    const unflushed = new pg.Pool(config(unflushedMax, { options: '-c synchronous_commit=off' }));
    for (const p of [pool, unflushed]) {
      // A pooled connection that dies (the database restarts, a network cut) must not crash the node:
      // idle ones report to the pool, and one checked out between two statements reports to itself
      // (node-postgres would otherwise throw it as an uncaught 'error' event). The statement in
      // flight, if any, fails on its own and the request is answered 503 storage_unavailable.
      p.on('error', () => undefined);
      p.on('connect', (client) => client.on('error', () => undefined));
    }
    return new PostgresEngine(pool, unflushed);
  }

  async select<T>(text: string, parameters: readonly unknown[]): Promise<T[]> {
    const result = await this.db.executeQuery<T>(CompiledQuery.raw(text, [...parameters]));
    return result.rows;
  }

  async transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.#writes.run(() =>
      this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
        return fn(trx);
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.db.destroy(), this.unflushed.destroy()]);
  }
}
