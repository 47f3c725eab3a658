// The import tests' shared harness: one real server with a settable clock, a fresh user per test, row counts.
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import type { ImportRecord } from '../../client/import/import-types.ts';
import type { VaultSession } from '../../client/index.ts';
import { addUser, initAndLoginAdmin, openDatabase, startTestServer, type TestServer } from './test-server.ts';

export interface ImportHarness {
  readonly t: TestServer;
  readonly db: BetterSqlite3.Database;
  /** Moves the server's clock (and only the server's). */
  advanceClock(ms: number): void;
  /** A user of their own for each test, so vaults never mix. */
  freshUser(): Promise<{ session: VaultSession; userId: string; password: string }>;
  /** Every row an import could leave behind or change, per owner. */
  footprint(userId: string): {
    secrets: number;
    versions: number;
    shares: number;
    imports: number;
    staged: number;
  };
  /** The newest audit entry of an operation. */
  lastAudit(operation: string): {
    operation: string;
    status: string;
    code: string | null;
    target: string | null;
    userId: string;
  };
}

/** Registers beforeAll/afterAll for a test file and returns the harness they fill in. */
export function importHarness(): ImportHarness {
  let t: TestServer | undefined;
  let admin: VaultSession | undefined;
  let db: BetterSqlite3.Database | undefined;
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  let users = 0;
  beforeAll(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    admin = await initAndLoginAdmin(t);
    db = openDatabase(t);
  }, 60_000);
  afterAll(async () => {
    db?.close();
    await t?.stop();
  });
  const ready = () => {
    if (!t || !admin || !db) throw new Error('the import harness is used before its server started');
    return { t, admin, db };
  };
  const count = (sql: string, ...args: unknown[]) =>
    (
      ready()
        .db.prepare(sql)
        .get(...args) as { n: number }
    ).n;
  return {
    get t() {
      return ready().t;
    },
    get db() {
      return ready().db;
    },
    advanceClock: (ms) => {
      clock += ms;
    },
    freshUser: () => addUser(ready().t, ready().admin, `importer-${++users}`),
    footprint: (userId) => ({
      secrets: count('select count(*) as n from secrets where owner_id = ?', userId),
      versions: count(
        'select count(*) as n from secret_versions where secret_id in (select id from secrets where owner_id = ?)',
        userId,
      ),
      shares: count('select count(*) as n from shares where principal_id = ?', userId),
      imports: count('select count(*) as n from imports where owner_id = ?', userId),
      staged: count(
        'select count(*) as n from import_items where import_id in (select id from imports where owner_id = ?)',
        userId,
      ),
    }),
    lastAudit: (operation) =>
      ready()
        .db.prepare(
          'select operation, status, code, target, user_id as userId from audit where operation = ? order by seq desc limit 1',
        )
        .get(operation) as ReturnType<ImportHarness['lastAudit']>,
  };
}

export const record = (
  path: string,
  name: string,
  value: string,
  extra: Partial<ImportRecord> = {},
): ImportRecord => ({
  path,
  name,
  type: 'login',
  tags: [],
  payload: { value, notes: '', fields: [] },
  source: `entry ${name}`,
  ...extra,
});

/** Folder|name of every live secret of the user, sorted. */
export async function liveNames(session: VaultSession, path = '/'): Promise<string[]> {
  const page = await session.client.request('listSecrets', { path, recursive: true, limit: 500 });
  return page.items.map((s) => `${s.path}|${s.name}`).sort();
}

/** Stages new items by hand, as a client would, for the tests that need to act between staging and commit. */
export async function stageNew(session: VaultSession, importId: string, records: ImportRecord[]) {
  const items = session.bulk.sealNew(records.map((r) => ({ ...r })));
  await session.client.request('stageImport', { importId, items });
  return items;
}
