// Reuses prepared statements: kysely prepares every query anew, and preparing costs more than running.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Kysely's queries are few and parameterised, so a small cache holds all of them. */
const LIMIT = 1000;

/** One connection's prepared statements by SQL text, the oldest dropped past the limit. */
export class StatementCache {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  constructor(private readonly connection: BetterSqlite3.Database) {}

  get(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      if (this.#statements.size >= LIMIT)
        this.#statements.delete(this.#statements.keys().next().value as string);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The connection as kysely's SqliteDialect takes it, preparing through this cache. */
  forKysely(): SqliteDatabase {
    return {
      close: () => this.connection.close(),
      prepare: (sql: string) => this.get(sql) as unknown as SqliteStatement,
    };
  }
}
