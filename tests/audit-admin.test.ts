// The audit console's server side: who reads and verifies, callers by name, filters, the export and its pages.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createMachineIdentity, VaultSession } from '../client/index.ts';
import { csvCell } from '../server/audit/audit-export.ts';
import { GENESIS_HASH } from '../server/audit/audit-log.ts';
import { manualClock } from './support/manual-clock.ts';
import { rawRequest } from './support/raw-request.ts';
import {
  ADMIN,
  addUser,
  initAndLoginAdmin,
  ON_POSTGRES,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface ExportedRow {
  seq: number;
  time: string;
  operation: string;
  opNumber: number | null;
  userId: string | null;
  userName: string | null;
  sessionId: string | null;
  address: string;
  target: string | null;
  status: string;
  code: string | null;
  prevHash: string;
  hash: string;
}

/** Every page of an export, following the cursor, as one file's text. */
async function exportAll(
  session: VaultSession,
  input: { format: 'jsonl' | 'csv'; limit: number; operation?: string; userId?: string },
): Promise<{ text: string; pages: number }> {
  let text = '';
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await session.client.request('exportAudit', { ...input, ...(cursor && { cursor }) });
    text += page.text;
    pages++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { text, pages };
}

/** The chain check a reader of the export can do with nothing but SHA-256: the same rule the server uses. */
function chainHolds(rows: ExportedRow[]): boolean {
  return rows.every((r, i) => {
    const fields = [
      r.seq,
      r.time,
      r.operation,
      r.opNumber,
      r.userId,
      r.sessionId,
      r.address,
      r.target,
      r.status,
      r.code,
    ];
    const hash = createHash('sha256')
      .update(r.prevHash)
      .update('\n')
      .update(JSON.stringify(fields))
      .digest('hex');
    const linked = i === 0 || rows[i - 1]?.hash === r.prevHash;
    return hash === r.hash && linked;
  });
}

describe('audit for staff', () => {
  it('a moderator lists with names, verifies and exports; a user is refused each, and each refusal is audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: mod, userId: modId } = await addUser(t, admin, 'mod', 'moderator');
    const { session: user, userId: userIdOfUser } = await addUser(t, admin, 'usr', 'user');

    const { entries } = await mod.client.request('listAudit', { userId: modId, limit: 5 });
    expect(entries[0]).toMatchObject({ userId: modId, userName: 'mod', userKind: 'person' });
    // A machine identity is named too, and marked as a machine.
    const { token, principal } = await createMachineIdentity(admin.client, {
      username: 'ci-deploy',
      displayName: 'CI deploy',
      server: t.server.url,
      kdf: { algorithm: 'argon2id', memoryKiB: 1024, iterations: 1, parallelism: 1 },
    });
    await (await VaultSession.loginWithToken(t.client(), token)).client.request('whoami', {});
    const machine = await mod.client.request('listAudit', { userId: principal.userId, operation: 'whoami' });
    expect(machine.entries).toMatchObject([{ userName: 'CI deploy', userKind: 'machine' }]);
    expect(await mod.client.request('verifyAudit', {})).toMatchObject({ valid: true, brokenAt: null });
    const page = await mod.client.request('exportAudit', { format: 'jsonl' });
    expect(page.rows).toBeGreaterThan(5);
    // Retention is the admin's to apply.
    expect(await mod.client.call('pruneAudit', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    for (const op of ['listAudit', 'verifyAudit', 'pruneAudit'] as const) {
      expect(await user.client.call(op, {}), op).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await user.client.call('exportAudit', { format: 'csv' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const denied = await admin.client.request('listAudit', {
      userId: userIdOfUser,
      status: 'denied',
      limit: 10,
    });
    expect(denied.entries.map((e) => e.operation).sort()).toEqual(
      ['exportAudit', 'listAudit', 'pruneAudit', 'verifyAudit'].sort(),
    );
    expect(denied.entries.every((e) => e.code === 'forbidden' && e.userName === 'usr')).toBe(true);
  });

  it('filters by user, operation, status and time', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    const { session: bob, userId: bobId } = await addUser(t, admin, 'bob');
    clock.advance(60_000);
    const middle = clock.now().toISOString();
    await bob.client.request('whoami', {});
    await bob.client.call('listUsers', {});
    clock.advance(60_000);
    const late = clock.now().toISOString();
    await bob.client.request('whoami', {});

    const list = async (filter: Record<string, string>) =>
      (await admin.client.request('listAudit', { limit: 100, ...filter })).entries;
    const bobs = await list({ userId: bobId });
    expect(bobs.length).toBeGreaterThanOrEqual(4);
    expect(bobs.every((e) => e.userId === bobId)).toBe(true);
    expect((await list({ userId: bobId, operation: 'whoami' })).map((e) => e.time)).toEqual([late, middle]);
    expect(await list({ userId: bobId, status: 'denied' })).toMatchObject([
      { operation: 'listUsers', code: 'forbidden', time: middle },
    ]);
    expect((await list({ userId: bobId, from: middle, to: middle })).map((e) => e.operation).sort()).toEqual([
      'listUsers',
      'whoami',
    ]);
    expect((await list({ from: late })).every((e) => e.time >= late)).toBe(true);
    expect(await admin.client.call('listAudit', { status: 'maybe' } as never)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'status' },
    });
  });

  it('exports the whole filter across pages, with the chain fields and no secrets, and the export is audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const { session: bob, userId: bobId, password } = await addUser(t, admin, 'bob');
    await bob.createSecret({ name: 'db', type: 'login', payload: { value: 'hunter2-secret-value' } });
    for (let i = 0; i < 20; i++) await bob.client.request('whoami', {});

    const jsonl = await exportAll(admin, { format: 'jsonl', limit: 7, userId: bobId });
    const rows = jsonl.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ExportedRow);
    expect(jsonl.pages).toBeGreaterThan(3);
    const listed = (await admin.client.request('listAudit', { userId: bobId, limit: 500 })).entries;
    expect(rows.map((r) => r.seq)).toEqual(listed.map((e) => e.seq).reverse());
    expect(rows.every((r) => r.userName === 'bob' && r.hash.length === 64)).toBe(true);

    // The whole log, exported, checks out with SHA-256 alone.
    const all = (await exportAll(admin, { format: 'jsonl', limit: 13 })).text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ExportedRow);
    expect(all[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(chainHolds(all)).toBe(true);
    const forged = all.map((r) => (r.seq === 5 ? { ...r, address: '10.0.0.1' } : r));
    expect(chainHolds(forged)).toBe(false);

    const csv = await exportAll(admin, { format: 'csv', limit: 5, operation: 'whoami', userId: bobId });
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,time,operation,opNumber,userId,userName,sessionId,address,target,status,code,prevHash,hash',
    );
    expect(lines.filter((l) => l.startsWith('seq,'))).toHaveLength(1);
    expect(lines.slice(1)).toHaveLength(20);
    expect(lines.slice(1).every((l) => l.split(',')[2] === 'whoami')).toBe(true);

    for (const text of [jsonl.text, csv.text]) {
      for (const secret of ['hunter2-secret-value', password, ADMIN.password, UNSEAL_PASSPHRASE]) {
        expect(text).not.toContain(secret);
      }
    }
    const exports = (await admin.client.request('listAudit', { operation: 'exportAudit', limit: 50 }))
      .entries;
    expect(exports.map((e) => e.target)).toEqual(expect.arrayContaining(['jsonl', 'csv']));
    expect(exports.every((e) => e.userId === admin.user.id && e.status === 'ok')).toBe(true);
    expect(await admin.client.call('exportAudit', { format: 'jsonl', cursor: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', field: 'cursor' },
    });
  });
});

describe('the export for scripts', () => {
  it('pages over GET /v1/audit/export with curl-style query parameters; bad ones are a 400 naming the field', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const server = t;
    const get = async (query: string) => {
      const { status, body } = await rawRequest(server, `/v1/audit/export?${query}`, { as: admin.client });
      return { status, body };
    };
    const first = await get('format=csv&limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, value: { rows: 2, nextCursor: expect.any(String) } });
    expect(await get('format=xml')).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'bad_request', field: 'format' } },
    });
    expect(await get('format=csv&limit=5001')).toMatchObject({
      status: 400,
      body: { ok: false, error: { field: 'limit' } },
    });
  });

  it('CSV cells are quoted as RFC 4180 says, and a cell a spreadsheet would run as a formula is defused', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('audit queries at scale', () => {
  const queries = {
    operation: "select * from audit where operation = 'readSecret' order by seq desc limit 100",
    anchor:
      "select target from audit where operation = 'auditRetention' and status = 'ok' order by seq desc limit 1",
    user: "select * from audit where user_id = 'x' and seq > 5 order by seq limit 5000",
  };

  // SQLite's query plans (explain query plan); PostgreSQL's are checked below.
  it.skipIf(ON_POSTGRES)(
    'the operation filter and the retention anchor are index searches, not scans of the whole log',
    async () => {
      const server = await startTestServer();
      t = server;
      await initAndLoginAdmin(server);
      const plan = async (query: string) =>
        (await server.sql<{ detail: string }>(`explain query plan ${query}`))
          .map((r) => r.detail)
          .join(' | ');
      expect(await plan(queries.operation)).toMatch(/SEARCH audit USING INDEX audit_operation/);
      expect(await plan(queries.anchor)).toMatch(/SEARCH audit USING INDEX audit_operation/);
      expect(await plan(queries.user)).toMatch(/SEARCH audit USING INDEX audit_user/);
    },
  );

  // The same on PostgreSQL: with sequential scans priced out (a test log is small enough that a scan would
  // win), each query must be answerable through its index.
  it.runIf(ON_POSTGRES)(
    'on PostgreSQL the operation filter and the retention anchor are index scans, not scans of the whole log',
    async () => {
      const server = await startTestServer();
      t = server;
      await initAndLoginAdmin(server);
      interface PlanNode {
        'Node Type': string;
        'Relation Name'?: string;
        'Index Name'?: string;
        Plans?: PlanNode[];
      }
      const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
      const plan = async (query: string) => {
        await server.sql('set enable_seqscan = off');
        try {
          const [row] = await server.sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `explain (format json) ${query}`,
          );
          return nodes(row?.['QUERY PLAN'][0]?.Plan as PlanNode);
        } finally {
          await server.sql('reset enable_seqscan');
        }
      };
      const indexScans = (all: PlanNode[]) =>
        all
          .filter((n) => /^(Index Scan|Index Only Scan|Bitmap Index Scan)$/.test(n['Node Type']))
          .map((n) => n['Index Name']);
      for (const [query, index] of [
        [queries.operation, 'audit_operation'],
        [queries.anchor, 'audit_operation'],
        [queries.user, 'audit_user'],
      ] as const) {
        const all = await plan(query);
        expect(
          all.some((n) => n['Node Type'] === 'Seq Scan'),
          query,
        ).toBe(false);
        expect(indexScans(all), query).toContain(index);
      }
    },
  );
});
