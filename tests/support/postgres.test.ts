// The PostgreSQL test support: URLs shown without their password, and a database per suite that is
// created empty, usable through its own URL, and dropped even while a connection holds it.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  describePostgres,
  postgresTestUrl,
  redactUrl,
  type TestDatabase,
} from './postgres.ts';

describe('redactUrl', () => {
  it('hides the password of a URL and of URLs inside text, and leaves the rest', () => {
    expect(redactUrl('postgres://keyhold:s3cr%40t@127.0.0.1:5432/postgres')).toBe(
      'postgres://keyhold:***@127.0.0.1:5432/postgres',
    );
    expect(redactUrl('connect postgres://u:p@ss@h:1/db failed; then postgresql://:pw@h/x')).toBe(
      'connect postgres://u:***@h:1/db failed; then postgresql://:***@h/x',
    );
    expect(redactUrl('postgres://h/db?user=u&password=secret&sslmode=disable')).toBe(
      'postgres://h/db?user=u&password=***&sslmode=disable',
    );
    expect(redactUrl('postgres://keyhold@127.0.0.1:5432/postgres')).toBe(
      'postgres://keyhold@127.0.0.1:5432/postgres',
    );
  });
});

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describePostgres('createTestDatabase', () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it('creates a fresh, empty database reachable through its own URL, and drops it', async () => {
    const db = await createTestDatabase();
    created.push(db);
    expect(db.name).toMatch(/^keyhold_t_[0-9a-f]{16}$/);
    expect(new URL(db.url).pathname).toBe(`/${db.name}`);
    const [here] = await query<{ db: string }>(db.url, 'SELECT current_database() AS db');
    expect(here?.db).toBe(db.name);
    const tables = await query(db.url, "SELECT 1 FROM pg_tables WHERE schemaname = 'public'");
    expect(tables).toHaveLength(0);
    await query(db.url, 'CREATE TABLE t (v text)');

    // A connection still open does not stop the drop.
    const holder = new pg.Client({ connectionString: db.url });
    holder.on('error', () => {});
    await holder.connect();
    await db.drop();
    await db.drop();
    await holder.end().catch(() => {});
    const admin = postgresTestUrl()!;
    const left = await query(admin, 'SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    expect(left).toHaveLength(0);
  });

  it('gives each call its own database, with the prefix asked for', async () => {
    const a = await createTestDatabase('keyhold_t_store');
    created.push(a);
    const b = await createTestDatabase('keyhold_t_store');
    created.push(b);
    expect(a.name).toMatch(/^keyhold_t_store_[0-9a-f]{16}$/);
    expect(a.name).not.toBe(b.name);
    await expect(createTestDatabase('Bad-Prefix')).rejects.toThrow(/prefix/);
  });

  it('keeps the password out of its errors', async () => {
    const admin = postgresTestUrl()!;
    const password = decodeURIComponent(new URL(admin).password);
    const saved = process.env.KEYHOLD_TEST_PG_URL;
    const wrong = new URL(admin);
    wrong.port = '1'; // nothing listens there
    process.env.KEYHOLD_TEST_PG_URL = wrong.toString();
    try {
      const error = await createTestDatabase().then(
        () => null,
        (err: Error) => err,
      );
      expect(error?.message).toMatch(/could not create the test database .* on postgres:\/\/keyhold:\*\*\*@/);
      expect(error?.message).not.toContain(password);
    } finally {
      if (saved === undefined) delete process.env.KEYHOLD_TEST_PG_URL;
      else process.env.KEYHOLD_TEST_PG_URL = saved;
    }
  });
});
