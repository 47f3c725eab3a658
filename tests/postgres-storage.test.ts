// The store on a real PostgreSQL: migrations from empty (also by two nodes at once), the pool's limit,
// statement timeouts, the retry of serialization failures, the cluster-wide write lock, and a password
// that never reaches the log.
import net from 'node:net';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../server/storage/database.ts';
import { createTestDatabase, describePostgres, type TestDatabase } from './support/postgres.ts';
import { rawRequest } from './support/raw-request.ts';
import { initAndLoginAdmin, startTestServer } from './support/test-server.ts';

/** Raw SQL outside any transaction, through the store's pool. */
const rows = async <T>(store: Store, query: RawBuilder<T>): Promise<T[]> =>
  (await query.execute(store.db)).rows;

describePostgres('the store on PostgreSQL', () => {
  let database: TestDatabase;
  const stores: Store[] = [];
  const open = async (options: { maxConnections?: number; statementTimeoutMs?: number } = {}) => {
    const store = await Store.open({
      url: database.url,
      applicationName: 'keyhold-storage-test',
      ...options,
    });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    database = await createTestDatabase('keyhold_store');
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await database.drop();
  });

  it('migrates an empty database once, even when two nodes start at the same moment', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const tables = await rows(
      a,
      sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const names = tables.map((t) => t.table_name);
    for (const table of ['users', 'secrets', 'secret_versions', 'audit', 'audit_seal', 'sessions']) {
      expect(names).toContain(table);
    }
    const applied = await rows(b, sql<{ name: string }>`select name from kysely_migration`);
    expect(applied.length).toBeGreaterThanOrEqual(9);
    expect(new Set(applied.map((m) => m.name)).size).toBe(applied.length);
    expect(a.dialect).toBe('postgres');
    expect(a.shared).toBe(true);
    expect(a.sqlite).toBeNull();
  });

  it('holds no more connections than its pool allows, however many reads are waiting', async () => {
    const store = await open({ maxConnections: 2 });
    const reads = Array.from({ length: 20 }, () =>
      rows(store, sql<{ one: number }>`select 1 as one, pg_sleep(0.02)`),
    );
    const peak = (async () => {
      let most = 0;
      for (let i = 0; i < 10; i++) {
        const [row] = await rows(
          stores[0] as Store,
          sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = current_database()
            and application_name = 'keyhold-storage-test' and state = 'active' and pid <> pg_backend_pid() and query like '%pg_sleep(0.02)%'`,
        );
        most = Math.max(most, row?.n ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      return most;
    })();
    expect((await Promise.all(reads)).every((result) => result[0]?.one === 1)).toBe(true);
    const most = await peak;
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('cancels a statement that runs past the timeout, and the pool serves the next one', async () => {
    const store = await open({ statementTimeoutMs: 200 });
    const started = Date.now();
    const error = await rows(store, sql`select pg_sleep(3)`).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('57014');
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await rows(store, sql<{ one: number }>`select 1 as one`))[0]?.one).toBe(1);
  });

  it('runs a transaction again after a serialization failure or deadlock, and nothing else', async () => {
    const store = await open();
    await sql`create table retry_probe (n integer)`.execute(store.db);
    let attempts = 0;
    await store.transaction(async (trx) => {
      attempts++;
      await sql`insert into retry_probe values (${attempts})`.execute(trx);
      if (attempts === 1) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      if (attempts === 2) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    expect(attempts).toBe(3);
    // The failed attempts rolled back: only the third one's row is there.
    expect(await rows(store, sql<{ n: number }>`select n from retry_probe`)).toEqual([{ n: 3 }]);

    let plain = 0;
    const refused = await store
      .transaction(async () => {
        plain++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      })
      .catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('23505');
    expect(plain).toBe(1);
  });

  it('makes writes from two nodes one order: read-modify-write loses no update', async () => {
    const [a, b] = [await open(), await open()];
    await sql`create table counter (id integer primary key, n integer not null)`.execute(a.db);
    await sql`insert into counter values (1, 0)`.execute(a.db);
    const bump = (store: Store) =>
      store.transaction(async (trx) => {
        const { rows } = await sql<{ n: number }>`select n from counter where id = 1`.execute(trx);
        // Without the cluster-wide lock, two nodes would both read n here and one increment would be lost.
        await new Promise((resolve) => setTimeout(resolve, 1));
        await sql`update counter set n = ${(rows[0]?.n ?? 0) + 1} where id = 1`.execute(trx);
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 === 0 ? a : b)));
    expect(await rows(a, sql<{ n: number }>`select n from counter where id = 1`)).toEqual([{ n: 40 }]);
  });
});

describePostgres('a server on PostgreSQL', () => {
  it('names its storage in the log with the password masked, never in clear', async () => {
    const database = await createTestDatabase('keyhold_log');
    const url = new URL(database.url);
    const t = await startTestServer({ database: { url: database.url } });
    try {
      await initAndLoginAdmin(t);
      const log = t.logText();
      expect(log).toContain('storage: PostgreSQL');
      expect(log).toContain(`${url.hostname}:${url.port}${url.pathname}`);
      if (url.password) {
        expect(log).not.toContain(decodeURIComponent(url.password));
        expect(log).toContain(':***@');
      }
    } finally {
      await t.stop();
      await database.drop();
    }
  });

  it('answers 503 storage_unavailable with Retry-After while its database is away, and serves again after', async () => {
    const database = await createTestDatabase('keyhold_outage');
    const target = new URL(database.url);
    // A TCP relay between the server and PostgreSQL, to take the database away and bring it back.
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    const listen = (port = 0) =>
      new Promise<number>((resolve) =>
        relay.listen(port, '127.0.0.1', () => resolve((relay.address() as net.AddressInfo).port)),
      );
    const port = await listen();
    const viaRelay = new URL(database.url);
    viaRelay.port = String(port);
    const t = await startTestServer({ database: { url: viaRelay.toString() } });
    try {
      const admin = await initAndLoginAdmin(t);
      const { id } = await admin.createSecret({ name: 'kept', type: 'login', payload: { value: 'v1' } });

      const closed = new Promise<void>((resolve) => relay.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      const response = await rawRequest(t, '/v1/op/readSecret', { as: admin.client, body: { id } });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.body).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });

      await listen(port);
      // The pool reconnects by itself: the next requests are served as before.
      expect((await admin.readSecret(id)).payload.value).toBe('v1');
      expect(await admin.client.request('verifyAudit', {})).toMatchObject({ valid: true });
      expect(t.logText()).toContain('the database cannot be reached');
    } finally {
      relay.close();
      for (const s of sockets) s.destroy();
      await t.stop();
      await database.drop();
    }
  });
});
