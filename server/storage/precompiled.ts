// Statements built and compiled by kysely once, then bound to new values on each use: for the hot paths,
// where building and compiling a query costs more than running it.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Database } from './schema.ts';

/**
 * Calls `build` once with stand-ins for its `arity` arguments and compiles the query; each use then only
 * puts the real values where the stand-ins were. An argument may appear several times; every argument
 * must appear as a parameter (not inlined into the SQL text), or this throws at once.
 */
export function precompile<A extends unknown[]>(
  build: (...args: A) => Compilable<unknown>,
  arity: number,
): {
  sql: string;
  bind: (...args: A) => CompiledQuery<unknown>;
  /** bind for arguments already in an array: a many-row statement's thousands are not spread into a call. */
  bindAll: (args: readonly unknown[]) => CompiledQuery<unknown>;
} {
  const standIns = Array.from({ length: arity }, (_, i) => `\u0000keyhold-argument-${i}\u0000`);
  // The stand-ins go where the arguments will: only their places in the parameters matter.
  const compiled = build(...(standIns as unknown as A)).compile();
  // Each parameter is either one of the arguments (by position) or a constant of the query (e.g. a limit).
  // By a map: a statement of many rows has thousands of arguments, and a search per parameter was quadratic.
  const argumentOf = new Map(standIns.map((standIn, i) => [standIn, i]));
  const slots = compiled.parameters.map((value): number | { constant: unknown } => {
    const argument = typeof value === 'string' ? argumentOf.get(value) : undefined;
    return argument ?? { constant: value };
  });
  for (let i = 0; i < arity; i++) {
    if (!slots.includes(i)) throw new Error(`precompile: argument ${i} does not appear as a parameter`);
  }
  const bindAll = (args: readonly unknown[]): CompiledQuery<unknown> => ({
    ...compiled,
    parameters: slots.map((slot) => (typeof slot === 'number' ? args[slot] : slot.constant)),
  });
  return { sql: compiled.sql, bind: (...args) => bindAll(args), bindAll };
}

/** A bound statement in the shape SyncWriter.run and first take. */
export function asCompilable<R>(query: CompiledQuery<unknown>): Compilable<R> {
  return { compile: () => query as CompiledQuery<R> };
}

/** A precompiled statement (see precompile). */
export type Precompiled<A extends unknown[]> = ReturnType<typeof precompile<A>>;

/**
 * A statement whose SQL depends on the dialect and on a size (rows, ids), precompiled once per dialect and
 * size: `build` gets the database only to compile against, the size, and stand-ins for its
 * `arityOf(size)` arguments. Callers keep the sizes few (see chunkSizes), so the statements stay few.
 */
export function statementsBySize<A extends unknown[]>(
  build: (db: Kysely<Database>, size: number, ...args: A) => Compilable<unknown>,
  arityOf: (size: number) => number,
): (db: Kysely<Database>, size: number) => Precompiled<A> {
  const compiled = new Map<string, Precompiled<A>>();
  return (db, size) => {
    const key = `${dialectOf(db as Kysely<unknown>)}:${size}`;
    let statement = compiled.get(key);
    if (!statement) {
      statement = precompile<A>((...args) => build(db, size, ...args), arityOf(size));
      compiled.set(key, statement);
    }
    return statement;
  };
}

/**
 * A statement precompiled once per dialect and run inside a caller's transaction (SQLite or PostgreSQL):
 * `build` gets the transaction only to compile against, and stand-ins for the arguments.
 */
export function statementFor<A extends unknown[]>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>,
  arity: number,
): (trx: Kysely<Database>, ...args: A) => CompiledQuery<unknown> {
  const statementOf = statementsBySize<A>(
    (db, _size, ...args) => build(db, ...args),
    () => arity,
  );
  return (trx, ...args) => statementOf(trx, 0).bind(...args);
}

/** The most rows one statement of rowsStatementFor takes; with 11 columns, well under either database's limit on parameters. */
const ROWS_PER_STATEMENT = 128;

/**
 * `total` cut into ROWS_PER_STATEMENT at a time and the rest in powers of two (300: 128, 128, 32, 8, 4):
 * at most eight distinct sizes, so statements precompiled per size stay few.
 */
export function chunkSizes(total: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; ) {
    const size = left >= ROWS_PER_STATEMENT ? ROWS_PER_STATEMENT : 2 ** Math.floor(Math.log2(left));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Statements of many rows of `width` values each (multi-row inserts), precompiled once per dialect and
 * row count, then bound to the rows: building and compiling such an insert with kysely cost an import about
 * as much as SQLite took to run it. Rows go in statements of ROWS_PER_STATEMENT and the rest in powers of
 * two, so that at most eight row counts (eight statements) exist per dialect whatever the callers send.
 */
export function rowsStatementFor<R extends readonly unknown[]>(
  build: (db: Kysely<Database>, rows: readonly R[]) => Compilable<unknown>,
  width: number,
): (trx: Kysely<Database>, rows: readonly R[]) => CompiledQuery<unknown>[] {
  const statementOf = statementsBySize<unknown[]>(
    (db, _count, ...args) => {
      const standIns: R[] = [];
      for (let at = 0; at < args.length; at += width) {
        standIns.push(args.slice(at, at + width) as unknown as R);
      }
      return build(db, standIns);
    },
    (count) => count * width,
  );
  return (trx, rows) => {
    const queries: CompiledQuery<unknown>[] = [];
    let at = 0;
    for (const count of chunkSizes(rows.length)) {
      const args: unknown[] = [];
      for (const row of rows.slice(at, at + count)) {
        if (row.length !== width)
          throw new Error(`rowsStatementFor: a row of ${row.length} values, not ${width}`);
        for (const value of row) args.push(value);
      }
      queries.push(statementOf(trx, count).bindAll(args));
      at += count;
    }
    return queries;
  };
}
