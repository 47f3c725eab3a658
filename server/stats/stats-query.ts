// Sums stored and still-unwritten minutes into the buckets of a range: series for the charts, totals, top callers.
import type { Statistics, StatsRange } from '../contract/ops-stats.ts';
import type { ClientKind } from '../contract/roles.ts';
import type { Store } from '../storage/database.ts';
import { addHistogram, emptyHistogram, histogramQuantile } from './latency-histogram.ts';
import type { Gauges } from './minute-stats.ts';
import { MINUTE, type StatsAggregator } from './stats-aggregator.ts';
import { loadMinutes, type StoredMinute } from './stats-repo.ts';

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const rangeShapes: Record<StatsRange, { span: number; bucket: number }> = {
  hour: { span: HOUR, bucket: MINUTE },
  day: { span: DAY, bucket: 15 * MINUTE },
  month: { span: 30 * DAY, bucket: 6 * HOUR },
};

/** Series drawn one by one; the rest are summed into "other": eight lines, one per theme colour. */
const TOP_SERIES = 7;
const TOP_ROWS = 10;

export type StatisticsWithoutNames = Omit<Statistics, 'topUsers'> & {
  topUsers: { userId: string; requests: number; refusals: number }[];
};

interface Bucket {
  ops: Map<string, number>;
  codes: Map<string, number>;
  latency: number[];
  loginsOk: number;
  loginsFailed: number;
  /** The newest minute's gauges in the bucket. */
  gaugesAt: number;
  gauges: Gauges | null;
}

export async function queryStatistics(
  store: Store,
  aggregator: StatsAggregator,
  range: StatsRange,
  now: Date,
): Promise<StatisticsWithoutNames> {
  const { span, bucket } = rangeShapes[range];
  const nowMs = now.getTime();
  const end = Math.ceil((nowMs - (nowMs % MINUTE) + MINUTE) / bucket) * bucket;
  const start = end - span;
  const stored = await loadMinutes(store, start, end);
  const live = (await aggregator.unwritten()).filter((m) => m.minute >= start && m.minute < end);
  const count = span / bucket;
  const buckets: Bucket[] = Array.from({ length: count }, () => ({
    ops: new Map(),
    codes: new Map(),
    latency: emptyHistogram(),
    loginsOk: 0,
    loginsFailed: 0,
    gaugesAt: -1,
    gauges: null,
  }));
  const users = new Map<string, { requests: number; refusals: number }>();
  const clients = new Map<
    string,
    { kind: ClientKind | null; address: string; requests: number; lastSeen: number }
  >();
  const overall = emptyHistogram();
  const totals = { requests: 0, refused: 0, errors: 0, loginsOk: 0, loginsFailed: 0 };

  const add = ({ minute, data }: StoredMinute) => {
    const b = buckets[Math.floor((minute - start) / bucket)];
    if (!b) return;
    for (const [op, [ok, denied, error]] of Object.entries(data.ops)) {
      b.ops.set(op, (b.ops.get(op) ?? 0) + ok + denied + error);
      totals.requests += ok + denied + error;
      totals.refused += denied;
      totals.errors += error;
    }
    for (const [code, n] of Object.entries(data.codes)) b.codes.set(code, (b.codes.get(code) ?? 0) + n);
    addHistogram(b.latency, data.latency);
    addHistogram(overall, data.latency);
    b.loginsOk += data.logins.ok;
    b.loginsFailed += data.logins.failed;
    totals.loginsOk += data.logins.ok;
    totals.loginsFailed += data.logins.failed;
    if (data.gauges && minute >= b.gaugesAt) {
      // Nodes sharing one database sample the same counts: the larger of two same-minute samples stands.
      b.gauges = minute === b.gaugesAt && b.gauges ? maxGauges(b.gauges, data.gauges) : data.gauges;
      b.gaugesAt = minute;
    }
    for (const [userId, [requests, refusals]] of Object.entries(data.users)) {
      const u = users.get(userId) ?? { requests: 0, refusals: 0 };
      u.requests += requests;
      u.refusals += refusals;
      users.set(userId, u);
    }
    for (const c of data.clients) {
      const key = `${c.kind ?? ''}|${c.address}`;
      const seen = clients.get(key);
      if (seen) {
        seen.requests += c.requests;
        seen.lastSeen = Math.max(seen.lastSeen, c.lastSeen);
      } else clients.set(key, { ...c });
    }
  };
  for (const m of stored.minutes) add(m);
  for (const m of live) add(m);

  const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 100_000) / 100);
  return {
    range,
    bucketSeconds: bucket / 1000,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    times: buckets.map((_, i) => (start + i * bucket) / 1000),
    requests: topSeries(buckets.map((b) => b.ops)).map(({ key, counts }) => ({ operation: key, counts })),
    logins: { ok: buckets.map((b) => b.loginsOk), failed: buckets.map((b) => b.loginsFailed) },
    refusals: topSeries(buckets.map((b) => b.codes)).map(({ key, counts }) => ({ code: key, counts })),
    sessionsActive: buckets.map((b) => b.gauges?.sessionsActive ?? null),
    secrets: buckets.map((b) => b.gauges?.secrets ?? null),
    shares: buckets.map((b) => b.gauges?.shares ?? null),
    latency: {
      p50Ms: buckets.map((b) => ms(histogramQuantile(b.latency, 0.5))),
      p95Ms: buckets.map((b) => ms(histogramQuantile(b.latency, 0.95))),
    },
    totals: {
      ...totals,
      p50Ms: ms(histogramQuantile(overall, 0.5)),
      p95Ms: ms(histogramQuantile(overall, 0.95)),
    },
    topUsers: [...users.entries()]
      .map(([userId, u]) => ({ userId, ...u }))
      .sort((a, b) => b.requests - a.requests || a.userId.localeCompare(b.userId))
      .slice(0, TOP_ROWS),
    topClients: [...clients.values()]
      .sort((a, b) => b.requests - a.requests || b.lastSeen - a.lastSeen)
      .slice(0, TOP_ROWS)
      .map((c) => ({
        clientKind: c.kind,
        address: c.address,
        requests: c.requests,
        lastSeen: new Date(c.lastSeen).toISOString(),
      })),
  };
}

function maxGauges(a: Gauges, b: Gauges): Gauges {
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  return {
    sessionsActive: max(a.sessionsActive, b.sessionsActive),
    secrets: max(a.secrets, b.secrets),
    shares: max(a.shares, b.shares),
  };
}

/** The busiest keys across all buckets, one series each, and "other" summing the rest (if any). */
function topSeries(perBucket: Map<string, number>[]): { key: string; counts: number[] }[] {
  const totals = new Map<string, number>();
  for (const map of perBucket) for (const [key, n] of map) totals.set(key, (totals.get(key) ?? 0) + n);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = ranked.slice(0, TOP_SERIES).map(([key]) => key);
  const series = shown.map((key) => ({ key, counts: perBucket.map((m) => m.get(key) ?? 0) }));
  if (ranked.length > TOP_SERIES) {
    const shownSet = new Set(shown);
    series.push({
      key: 'other',
      counts: perBucket.map((m) => {
        let sum = 0;
        for (const [key, n] of m) if (!shownSet.has(key)) sum += n;
        return sum;
      }),
    });
  }
  return series;
}
