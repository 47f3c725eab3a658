// The import tests' shared harness: one real server with a settable clock, a fresh user per test, row counts.
import { afterAll, beforeAll } from 'vitest';
import type { ImportRecord } from '../../client/import/import-types.ts';
import type { VaultSession } from '../../client/index.ts';
import { addUser, initAndLoginAdmin, startTestServer, type TestServer } from './test-server.ts';

export interface ImportHarness {
  readonly t: TestServer;
  /** Moves the server's clock (and only the server's). */
  advanceClock(ms: number): void;
  /** A user of their own for each test, so vaults never mix. */
  freshUser(): Promise<{ session: VaultSession; userId: string; password: string }>;
  /** Every row an import could leave behind or change, per owner. */
  footprint(userId: string): Promise<{
    secrets: number;
    versions: number;
    shares: number;
    imports: number;
    staged: number;
  }>;
  /** The newest audit entry of an operation. */
  lastAudit(operation: string): Promise<{
    operation: string;
    status: string;
    code: string | null;
    target: string | null;
    userId: string;
  }>;
}

/** Registers beforeAll/afterAll for a test file and returns the harness they fill in. */
export function importHarness(): ImportHarness {
  let t: TestServer | undefined;
  let admin: VaultSession | undefined;
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  let users = 0;
  beforeAll(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    admin = await initAndLoginAdmin(t);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });
  const ready = () => {
    if (!t || !admin) throw new Error('the import harness is used before its server started');
    return { t, admin };
  };
  const count = async (sql: string, ...args: unknown[]) =>
    (await ready().t.sqlRow<{ n: number }>(sql, ...args)).n;
  return {
    get t() {
      return ready().t;
    },
    advanceClock: (ms) => {
      clock += ms;
    },
    freshUser: () => addUser(ready().t, ready().admin, `importer-${++users}`),
    footprint: async (userId) => ({
      secrets: await count('select count(*) as n from secrets where owner_id = ?', userId),
      versions: await count(
        'select count(*) as n from secret_versions where secret_id in (select id from secrets where owner_id = ?)',
        userId,
      ),
      shares: await count('select count(*) as n from shares where principal_id = ?', userId),
      imports: await count('select count(*) as n from imports where owner_id = ?', userId),
      staged: await count(
        'select count(*) as n from import_items where import_id in (select id from imports where owner_id = ?)',
        userId,
      ),
    }),
    lastAudit: (operation) =>
      ready().t.sqlRow(
        'select operation, status, code, target, user_id as "userId" from audit where operation = ? order by seq desc limit 1',
        operation,
      ),
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
