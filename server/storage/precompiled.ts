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
): { sql: string; bind: (...args: A) => CompiledQuery<unknown> } {
  const standIns = Array.from({ length: arity }, (_, i) => `\u0000keyhold-argument-${i}\u0000`);
  // The stand-ins go where the arguments will: only their places in the parameters matter.
  const compiled = build(...(standIns as unknown as A)).compile();
  // Each parameter is either one of the arguments (by position) or a constant of the query (e.g. a limit).
  const slots = compiled.parameters.map((value): number | { constant: unknown } => {
    const argument = standIns.indexOf(value as string);
    return argument >= 0 ? argument : { constant: value };
  });
  for (let i = 0; i < arity; i++) {
    if (!slots.includes(i)) throw new Error(`precompile: argument ${i} does not appear as a parameter`);
  }
  return {
    sql: compiled.sql,
    bind: (...args) => ({
      ...compiled,
      parameters: slots.map((slot) => (typeof slot === 'number' ? args[slot] : slot.constant)),
    }),
  };
}

/** A bound statement in the shape SyncWriter.run and first take. */
export function asCompilable<R>(query: CompiledQuery<unknown>): Compilable<R> {
  return { compile: () => query as CompiledQuery<R> };
}

/**
 * A statement precompiled once per dialect and run inside a caller's transaction (SQLite or PostgreSQL):
 * `build` gets the transaction only to compile against, and stand-ins for the arguments.
 */
export function statementFor<A extends unknown[]>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>,
  arity: number,
): (trx: Kysely<Database>, ...args: A) => CompiledQuery<unknown> {
  const byDialect = new Map<string, ReturnType<typeof precompile<A>>>();
  return (trx, ...args) => {
    const dialect = dialectOf(trx as Kysely<unknown>);
    let statement = byDialect.get(dialect);
    if (!statement) {
      statement = precompile<A>((...args) => build(trx, ...args), arity);
      byDialect.set(dialect, statement);
    }
    return statement.bind(...args);
  };
}
