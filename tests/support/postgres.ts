// The PostgreSQL the tests may use: an admin URL (a role with CREATEDB) from KEYHOLD_TEST_PG_URL, set by
// .ci/run or by tests/support/postgres-global-setup.ts, and a fresh database per suite on it.
// Without that URL the PostgreSQL suites report themselves skipped with the reason, except under
// KEYHOLD_REQUIRE_TOOLS=1 (CI), where they fail. Passwords never reach a log or an error: see redactUrl.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { redactDatabaseUrl } from '../../server/storage/postgres-url.ts';
import { dropDatabase } from './drop-database.ts';

export const PG_URL_ENV = 'KEYHOLD_TEST_PG_URL';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The URL of the cluster postgres-global-setup.ts started for this run ('' when it started none). */
    keyholdPgUrl: string;
    /** Why postgres-global-setup.ts started no cluster ('' when it did). */
    keyholdPgNote: string;
  }
}

function provided(key: 'keyholdPgUrl' | 'keyholdPgNote'): string {
  try {
    return inject(key) ?? '';
  } catch {
    return ''; // not inside a vitest worker
  }
}

/**
 * The admin URL of the test PostgreSQL (postgres://keyhold:<password>@127.0.0.1:<port>/postgres), or
 * null. KEYHOLD_TEST_PG_URL wins, and set to the empty string it means "no PostgreSQL".
 */
export function postgresTestUrl(): string | null {
  const fromEnv = process.env[PG_URL_ENV];
  if (fromEnv !== undefined) return fromEnv.trim() || null;
  return provided('keyholdPgUrl') || null;
}

export const postgresAvailable: boolean = postgresTestUrl() !== null;

/** Why the PostgreSQL tests do not run here ('' when they do). */
export const postgresSkipReason: string = postgresAvailable ? '' : missingReason();

function missingReason(): string {
  if (process.env[PG_URL_ENV] !== undefined) return `${PG_URL_ENV} is empty`;
  const note = provided('keyholdPgNote');
  return `${PG_URL_ENV} is not set${note ? ` (${note})` : ''}; \`.ci/postgres-cluster start <dir>\` prints one`;
}

/**
 * Throws when PostgreSQL is missing and KEYHOLD_REQUIRE_TOOLS=1 (CI), where a skip would hide it.
 * Call it at the top of a test file that uses postgresAvailable itself (describePostgres calls it).
 */
export function requirePostgres(): void {
  if (!postgresAvailable && process.env.KEYHOLD_REQUIRE_TOOLS === '1') {
    throw new Error(
      `PostgreSQL is missing: ${postgresSkipReason} (KEYHOLD_REQUIRE_TOOLS=1 forbids skipping)`,
    );
  }
}

/**
 * describe() for suites that need PostgreSQL: skipped with the reason in its title when there is
 * none, a failure instead under KEYHOLD_REQUIRE_TOOLS=1.
 */
export function describePostgres(name: string, fn: () => void): void {
  requirePostgres();
  describe.skipIf(!postgresAvailable)(
    postgresAvailable ? name : `${name} (skipped: ${postgresSkipReason})`,
    fn,
  );
}

/** Replaces the passwords in a URL, or in any text holding URLs, with *** (the server's own redaction). */
export const redactUrl = redactDatabaseUrl;

/** An error whose message cannot carry the admin URL's password. */
function redactedError(what: string, adminUrl: string, err: unknown): Error {
  let message = err instanceof Error ? err.message : String(err);
  let password = '';
  try {
    password = decodeURIComponent(new URL(adminUrl).password);
  } catch {}
  if (password) message = message.split(password).join('***');
  return new Error(`${what} on ${redactUrl(adminUrl)}: ${redactUrl(message)}`);
}

function adminUrlOrThrow(): string {
  const url = postgresTestUrl();
  if (!url) throw new Error(`no test PostgreSQL: ${postgresSkipReason}`);
  return url;
}

async function withAdmin<T>(
  adminUrl: string,
  what: string,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  // An idle client's error event (server gone) would otherwise be an unhandled error.
  client.on('error', () => {});
  try {
    await client.connect();
    return await run(client);
  } catch (err) {
    throw redactedError(what, adminUrl, err);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  /** Its URL: the admin URL with this database's name. Show it only through redactUrl. */
  url: string;
  name: string;
  /** Ends its connections and drops it; a second call does nothing. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database `<prefix>_<random hex>` (default prefix keyhold_t) on the test
 * PostgreSQL, owned by the admin URL's role. Throws when there is none: guard with describePostgres.
 */
export async function createTestDatabase(prefix = 'keyhold_t'): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new Error(`test database prefix must be lower-case letters, digits and _ (at most 41): ${prefix}`);
  }
  const adminUrl = adminUrlOrThrow();
  const name = `${prefix}_${randomBytes(8).toString('hex')}`;
  await withAdmin(adminUrl, `could not create the test database ${name}`, (client) =>
    client.query(`CREATE DATABASE "${name}"`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      await withAdmin(adminUrl, `could not drop the test database ${name}`, (client) =>
        dropDatabase(client, name),
      );
      dropped = true;
    },
  };
}
