// Statistics over time and /metrics against a real server, its clock driven by the test (no sleeps).
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import type { Statistics } from '../contract/index.ts';
import { manualClock } from './support/manual-clock.ts';
import { rawRequest } from './support/raw-request.ts';
import {
  addUser,
  initAndLoginAdmin,
  startTestServer,
  type TestServer,
  UNSEAL_PASSPHRASE,
} from './support/test-server.ts';

let t: TestServer;
afterEach(async () => {
  await t?.stop();
});

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );

/** The bucket holding a minute, by its start in seconds. */
function at(stats: Statistics, minute: number): number {
  const index = stats.times.findLastIndex((start) => start * 1000 <= minute);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
}

const seriesOf = <K extends string>(
  list: ({ counts: number[] } & Record<K, string>)[],
  key: K,
  name: string,
) => list.find((s) => s[key] === name)?.counts ?? [];

describe('statistics', () => {
  it('counts requests, sign-ins and refusals per minute as they happened, for staff only', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    const mod = await addUser(t, admin, 'mona', 'moderator');
    const ulla = await addUser(t, admin, 'ulla', 'user');
    const adminSecret = await admin.createSecret({
      name: 'root note',
      type: 'note',
      payload: { value: 'x' },
    });

    clock.nextMinute();
    const busy = clock.minute();
    for (let i = 0; i < 2; i++) {
      expect(await errorCode(VaultSession.login(t.client(), 'ulla', `wrong password ${i}`, 'cli'))).toBe(
        'invalid_credentials',
      );
    }
    for (let i = 0; i < 3; i++) await ulla.session.client.request('listSecrets', {});
    await ulla.session.createSecret({ name: 'mine', type: 'note', payload: { value: 'y' } });
    await ulla.session.createSecret({ name: 'mine too', type: 'note', payload: { value: 'z' } });
    expect(await errorCode(ulla.session.client.request('readSecret', { id: adminSecret.id }))).toBe(
      'not_found',
    );
    expect(await errorCode(ulla.session.client.request('getStatistics', { range: 'hour' }))).toBe(
      'forbidden',
    );

    clock.nextMinute();
    const stats = await mod.session.client.request('getStatistics', { range: 'hour' });
    expect(stats.bucketSeconds).toBe(60);
    expect(stats.times).toHaveLength(60);
    const i = at(stats, busy);
    expect(seriesOf(stats.requests, 'operation', 'listSecrets')[i]).toBe(3);
    expect(stats.logins.failed[i]).toBe(2);
    expect(stats.logins.ok[i]).toBe(0);
    expect(seriesOf(stats.refusals, 'code', 'invalid_credentials')[i]).toBe(2);
    expect(seriesOf(stats.refusals, 'code', 'not_owner')[i]).toBe(1);
    expect(seriesOf(stats.refusals, 'code', 'forbidden')[i]).toBe(1);
    // The minute before and after hold none of it.
    expect(stats.logins.failed[i - 1]).toBe(0);
    expect(seriesOf(stats.requests, 'operation', 'listSecrets')[i + 1]).toBe(0);
    // Three sign-ins before the busy minute: admin, mona, ulla.
    expect(stats.logins.ok[i - 1]).toBe(3);

    expect(stats.totals.loginsFailed).toBe(2);
    expect(stats.totals.refused).toBe(4);
    expect(stats.totals.p50Ms).not.toBeNull();
    expect(stats.totals.p50Ms ?? 0).toBeGreaterThan(0);
    expect(stats.totals.p50Ms ?? 0).toBeLessThanOrEqual(stats.totals.p95Ms ?? 0);
    expect(stats.totals.p95Ms ?? 0).toBeLessThan(10_000);
    expect(stats.latency.p95Ms[i]).not.toBeNull();

    const ullaRow = stats.topUsers.find((u) => u.username === 'ulla');
    expect(ullaRow?.displayName).toBe('ulla');
    // Two failed sign-ins, the secret of another and the statistics were refused.
    expect(ullaRow?.refusals).toBe(4);
    expect(stats.topClients.some((c) => c.clientKind === 'cli' && c.address.endsWith('127.0.0.1'))).toBe(
      true,
    );
    expect(stats.topClients.some((c) => c.clientKind === null)).toBe(true);

    // Gauges for the open minute: three live sessions (admin, mona, ulla), three secrets, no shares.
    const last = stats.times.length - 1;
    expect(stats.sessionsActive[last]).toBe(3);
    expect(stats.secrets[last]).toBe(3);
    expect(stats.shares[last]).toBe(0);

    const refusal = await admin.client.request('listAudit', {
      userId: ulla.userId,
      operation: 'getStatistics',
      status: 'denied',
    });
    expect(refusal.entries.map((e) => e.code)).toEqual(['forbidden']);
  });

  it('writes each finished minute once, keeps no names in it, and reads the same after a restart', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    const ulla = await addUser(t, admin, 'ulla-secretive', 'user');
    clock.nextMinute();
    const busy = clock.minute();
    for (let i = 0; i < 5; i++) await ulla.session.client.request('listFolders', {});
    clock.nextMinute();
    // Counted in memory only: requests write nothing of their own to the statistics table.
    expect(await t.sql('select count(*) as n from stats_minutes where minute = ?', busy)).toEqual([{ n: 0 }]);
    await t.server.app.stats.flush();

    const rows = await t.sql<{ minute: number; data: string }>(
      'select minute, data from stats_minutes order by minute',
    );
    expect(rows.filter((r) => r.minute === busy)).toHaveLength(1);
    const stored = rows.map((r) => r.data).join('\n');
    expect(stored).not.toContain('ulla-secretive');
    expect(stored).toContain(ulla.userId);

    const before = await admin.client.request('getStatistics', { range: 'hour' });
    await t.restart();
    await t.client().request('unseal', { passphrase: UNSEAL_PASSPHRASE });
    const again = await VaultSession.login(t.client(), 'root-admin', 'correct horse battery staple', 'cli');
    const after = await again.client.request('getStatistics', { range: 'hour' });
    const i = at(after, busy);
    expect(seriesOf(after.requests, 'operation', 'listFolders')[i]).toBe(5);
    expect(seriesOf(before.requests, 'operation', 'listFolders')[i]).toBe(5);
    expect(after.topUsers.find((u) => u.username === 'ulla-secretive')?.requests).toBeGreaterThanOrEqual(5);
  });

  it('sums the same minutes into 15-minute and 6-hour buckets for a day and 30 days', async () => {
    const clock = manualClock();
    t = await startTestServer({ now: clock.now });
    const admin = await initAndLoginAdmin(t);
    for (let i = 0; i < 4; i++) await admin.client.request('whoami', {});
    const hour = await admin.client.request('getStatistics', {});
    const day = await admin.client.request('getStatistics', { range: 'day' });
    const month = await admin.client.request('getStatistics', { range: 'month' });
    expect([hour.range, day.range, month.range]).toEqual(['hour', 'day', 'month']);
    expect([day.bucketSeconds, day.times.length]).toEqual([900, 96]);
    expect([month.bucketSeconds, month.times.length]).toEqual([21_600, 120]);
    const whoami = (s: Statistics) => seriesOf(s.requests, 'operation', 'whoami').reduce((a, b) => a + b, 0);
    expect([whoami(hour), whoami(day), whoami(month)]).toEqual([4, 4, 4]);
    expect(Date.parse(month.to) - Date.parse(month.from)).toBe(30 * 24 * 3_600_000);
    // The resource URL takes the range from the query string, and names the field it refuses.
    const get = (query: string) => rawRequest(t, `/v1/statistics${query}`, { as: admin.client });
    const refused = await get('?range=year');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'range' } });
    expect((await get('?range=day')).body).toMatchObject({ ok: true, value: { bucketSeconds: 900 } });

    // Ten minutes on, the first minutes are settled and kept summed: later calls add, nothing counts twice.
    for (let i = 0; i < 10; i++) clock.nextMinute();
    expect(whoami(await admin.client.request('getStatistics', {}))).toBe(4);
    await admin.client.request('whoami', {});
    await admin.client.request('whoami', {});
    expect(whoami(await admin.client.request('getStatistics', {}))).toBe(6);
    expect(whoami(await admin.client.request('getStatistics', {}))).toBe(6);
    expect(whoami(await admin.client.request('getStatistics', { range: 'day' }))).toBe(6);
  });

  it('reads well on a fresh server: nothing refused, no refusal series, the admin the only user', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const stats = await admin.client.request('getStatistics', { range: 'day' });
    // Only the init and sign-in calls so far.
    expect(stats.totals.refused).toBe(0);
    expect(stats.topUsers.map((u) => u.username)).toEqual(['root-admin']);
    expect(stats.refusals).toEqual([]);
  });
});

describe('/metrics', () => {
  /** A scrape, anonymous or with the session's next operation number (the client then carries on after it). */
  async function scrape(session: VaultSession | null) {
    const response = await rawRequest(t, '/metrics', session ? { as: session.client } : {});
    return { status: response.status, type: response.headers.get('content-type'), text: response.text };
  }

  it('gives administrators Prometheus text; moderators and anonymous callers are refused and audited', async () => {
    t = await startTestServer();
    const admin = await initAndLoginAdmin(t);
    const mod = await addUser(t, admin, 'mona', 'moderator');
    expect(await errorCode(VaultSession.login(t.client(), 'mona', 'not her password', 'cli'))).toBe(
      'invalid_credentials',
    );
    await admin.createSecret({ name: 'counted', type: 'note', payload: { value: 'v' } });

    const ok = await scrape(admin);
    expect(ok.status).toBe(200);
    expect(ok.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = ok.text.split('\n');
    expect(lines).toContain('# TYPE keyhold_requests_total counter');
    expect(lines).toContain('keyhold_requests_total{operation="createSecret",status="ok"} 1');
    expect(lines).toContain('keyhold_requests_total{operation="login",status="denied"} 1');
    expect(lines).toContain('keyhold_logins_total{result="failed"} 1');
    expect(lines).toContain('keyhold_refusals_total{code="invalid_credentials"} 1');
    expect(lines).toContain('# TYPE keyhold_request_duration_seconds histogram');
    expect(lines).toContain('keyhold_sessions_active 2');
    expect(lines).toContain('keyhold_secrets 1');
    expect(lines).toContain('keyhold_shares 0');
    // Cumulative buckets: +Inf holds every request counted, the same figure as _count.
    const inf = /keyhold_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)/.exec(ok.text)?.[1];
    const total = /keyhold_request_duration_seconds_count (\d+)/.exec(ok.text)?.[1];
    expect(Number(inf)).toBeGreaterThan(5);
    expect(inf).toBe(total);
    expect(ok.text).not.toContain('counted');

    const moderator = await scrape(mod.session);
    expect(moderator.status).toBe(403);
    expect(JSON.parse(moderator.text)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const anonymous = await scrape(null);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    const audit = await admin.client.request('listAudit', { operation: 'readMetrics' });
    expect(audit.entries.map((e) => [e.status, e.code]).sort()).toEqual([
      ['denied', 'forbidden'],
      ['denied', 'unauthenticated'],
      ['ok', null],
    ]);
  });
});
