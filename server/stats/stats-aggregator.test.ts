// The aggregator against a real (in-memory) database and a test clock: what is written, when, and once.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../audit/audit-log.ts';
import { createLogger } from '../log.ts';
import { Store } from '../storage/database.ts';
import { MINUTE, StatsAggregator } from './stats-aggregator.ts';
import { loadMinutes } from './stats-repo.ts';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
let store: Store;
afterEach(async () => {
  await store?.close();
});

async function setUp() {
  store = await Store.open({ path: ':memory:' });
  let now = T0 + 5_000;
  const aggregator = new StatsAggregator({
    store,
    now: () => new Date(now),
    log: createLogger({ level: 'silent' }),
    sampleGauges: async () => ({ sessionsActive: 2, secrets: 7, shares: 1 }),
  });
  return {
    aggregator,
    /** Minute `m` after T0, plus `seconds`. */
    at: (m: number, seconds = 5) => {
      now = T0 + m * MINUTE + seconds * 1000;
    },
    rows: async () => (await loadMinutes(store, 0, Number.MAX_SAFE_INTEGER)).minutes,
  };
}

function call(
  operation: string,
  status: AuditRecord['status'] = 'ok',
  code: string | null = null,
): AuditRecord {
  return {
    time: new Date(T0).toISOString(),
    operation,
    opNumber: 1,
    userId: 'u1',
    sessionId: null,
    address: '10.0.0.9',
    target: null,
    status,
    code,
  };
}

describe('StatsAggregator', () => {
  it('writes a minute only once it has ended, with its counts and the gauges', async () => {
    const { aggregator, at, rows } = await setUp();
    aggregator.record(call('listSecrets'), performance.now());
    aggregator.record(call('login', 'denied', 'invalid_credentials'), performance.now());
    await aggregator.flush();
    expect(await rows()).toEqual([]);
    at(1);
    await aggregator.flush();
    const [first, ...rest] = await rows();
    expect(rest).toEqual([]);
    expect(first?.minute).toBe(T0);
    expect(first?.data.ops).toEqual({ listSecrets: [1, 0, 0], login: [0, 1, 0] });
    expect(first?.data.codes).toEqual({ invalid_credentials: 1 });
    expect(first?.data.logins).toEqual({ ok: 0, failed: 1 });
    expect(first?.data.users).toEqual({ u1: [2, 1] });
    expect(first?.data.gauges).toEqual({ sessionsActive: 2, secrets: 7, shares: 1 });
    // Flushing again writes nothing twice.
    await aggregator.flush();
    expect(await rows()).toHaveLength(1);
  });

  it('gives an idle minute a row of gauges, and writes the open minute when stopped', async () => {
    const { aggregator, at, rows } = await setUp();
    at(5);
    await aggregator.flush();
    expect((await rows()).map((r) => (r.minute - T0) / MINUTE)).toEqual([4]);
    aggregator.record(call('whoami'), performance.now());
    await aggregator.stop();
    const last = (await rows()).at(-1);
    expect([(Number(last?.minute) - T0) / MINUTE, last?.data.ops]).toEqual([5, { whoami: [1, 0, 0] }]);
  });

  it('counts a clock stepped back into the open minute, and every unknown operation under one name', async () => {
    const { aggregator, at, rows } = await setUp();
    at(3);
    aggregator.record(call('whoami'), performance.now());
    at(2);
    aggregator.record(call('unknown:aaa', 'denied', 'unknown_operation'), performance.now());
    aggregator.record(call('unknown:bbb', 'denied', 'unknown_operation'), performance.now());
    await aggregator.stop();
    const written = await rows();
    expect(written.map((r) => (r.minute - T0) / MINUTE)).toEqual([3]);
    expect(written[0]?.data.ops).toEqual({ whoami: [1, 0, 0], unknown: [0, 2, 0] });
    expect([...aggregator.totals.requests.keys()]).toEqual(['whoami', 'unknown']);
  });
});
