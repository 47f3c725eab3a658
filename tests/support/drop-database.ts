// Dropping a throwaway PostgreSQL database as its owner (not a superuser), for the tests and the bench.
import type pg from 'pg';

/**
 * Ends the connections of the client's own role in the database, waiting for each to go, then drops it.
 * Not DROP ... WITH (FORCE): on PostgreSQL 15 that refuses outright when an autovacuum worker is in the
 * database (the worker advertises no role, so an owner that is not a superuser may not signal it). A
 * plain DROP stops autovacuum workers itself and waits up to 5 s for the database to empty; one that
 * starts just then can still make it fail with object_in_use (55006), so that is tried again.
 */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(
    `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
      WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()`,
    [name],
  );
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
