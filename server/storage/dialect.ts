// Where SQLite and PostgreSQL differ, in one place: column types for migrations, retryable errors,
// and the few expressions each spells its own way. Everything else is the same kysely on both.
import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<unknown>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types for migrations: a migration asks for a kind of column, not a dialect's spelling of it. */
export function columnTypes(db: Kysely<unknown>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    /** Bytes: SQLite's blob, PostgreSQL's bytea. */
    blob: postgres ? ('bytea' as const) : ('blob' as const),
    /** A 64-bit whole number (SQLite's integers already are). */
    bigint: postgres ? ('bigint' as const) : ('integer' as const),
    /**
     * An increasing 64-bit row number assigned by the database. SQLite's `integer primary key
     * autoincrement` is already 64-bit; PostgreSQL's needs bigint, or a busy audit log would run out.
     */
    serialKey: postgres ? ('bigserial' as const) : ('integer' as const),
    serialKeyOptions: (c: ColumnDefinitionBuilder) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
  };
}

/** How many rows a boolean-ish condition holds for: SQLite sums comparisons, PostgreSQL cannot. */
export function countWhere(condition: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;
}

/**
 * Errors after which a whole transaction may run again from the start: SQLite's busy/locked,
 * PostgreSQL's serialization failure, deadlock and lock-not-available. Nothing had been committed.
 */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === 'SQLITE_LOCKED' ||
    code === '40001' ||
    code === '40P01' ||
    code === '55P03'
  );
}

/**
 * The database could not be reached or did not answer in time: a connection refused, reset or lost,
 * the pool's wait for a connection, PostgreSQL shutting down or out of connections, a statement
 * timeout. The request cannot have been carried out (its audit entry could not be written either).
 */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300', '57014'].includes(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code)) {
      return true;
    }
  }
  const message = error instanceof Error ? error.message : '';
  // node-postgres reports these without a code.
  return /^(timeout exceeded when trying to connect|Connection terminated)/.test(message);
}

/** A unique, primary-key or foreign-key constraint refused the write (SQLITE_CONSTRAINT_*, SQLSTATE 23xxx). */
export function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code));
}
