// Sums stored and still-unwritten minutes into the buckets of a range: series for the charts, totals, top callers.
import type { Statistics, StatsRange } from '../../contract/ops-stats.ts';
import type { Store } from '../storage/database.ts';
import { addBucketTo, addMinute, type BucketSummary, emptyBucket } from './bucket-summary.ts';
import { histogramQuantile } from './latency-histogram.ts';
import { MINUTE, type StatsAggregator } from './stats-aggregator.ts';
import { loadMinutes } from './stats-repo.ts';

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

/**
 * A bucket that ended this long ago no longer changes: every node has flushed its minutes (they flush each
 * minute). Such buckets are summed once and kept, so 30 days is not 43,200 rows parsed on every look.
 */
const SETTLED_AFTER = 5 * MINUTE;
const settledCache = new WeakMap<StatsAggregator, Map<string, BucketSummary>>();

export type StatisticsWithoutNames = Omit<Statistics, 'topUsers'> & {
  topUsers: { userId: string; requests: number; refusals: number }[];
};

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
  const count = span / bucket;
  const cache = cacheOf(aggregator, start);
  const settled = (i: number) => start + (i + 1) * bucket <= nowMs - SETTLED_AFTER;
  const keyOf = (i: number) => `${bucket}:${start + i * bucket}`;

  // Settled buckets come first: read only from the first one not already summed, and sum afresh from there.
  let firstOpen = 0;
  while (firstOpen < count && settled(firstOpen) && cache.has(keyOf(firstOpen))) firstOpen++;
  const buckets: BucketSummary[] = Array.from({ length: count }, (_, i) =>
    i < firstOpen ? (cache.get(keyOf(i)) ?? emptyBucket()) : emptyBucket(),
  );
  const readFrom = start + firstOpen * bucket;
  const stored = await loadMinutes(store, readFrom, end);
  const live = (await aggregator.unwritten()).filter((m) => m.minute >= readFrom && m.minute < end);
  for (const m of [...stored.minutes, ...live]) {
    const b = buckets[Math.floor((m.minute - start) / bucket)];
    if (b) addMinute(b, m);
  }
  for (let i = firstOpen; i < count; i++) {
    const b = buckets[i];
    if (b && settled(i)) cache.set(keyOf(i), b);
  }
  return assemble(range, bucket, start, end, buckets);
}

/** The cache of one server, without buckets that have left every range. */
function cacheOf(aggregator: StatsAggregator, start: number): Map<string, BucketSummary> {
  let cache = settledCache.get(aggregator);
  if (!cache) {
    cache = new Map();
    settledCache.set(aggregator, cache);
  }
  const oldest = start - DAY;
  for (const key of cache.keys()) {
    if (Number(key.split(':')[1]) < oldest) cache.delete(key);
  }
  return cache;
}

function assemble(
  range: StatsRange,
  bucket: number,
  start: number,
  end: number,
  buckets: BucketSummary[],
): StatisticsWithoutNames {
  const total = emptyBucket();
  for (const b of buckets) addBucketTo(total, b);
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
      requests: total.requests,
      refused: total.refused,
      errors: total.errors,
      loginsOk: total.loginsOk,
      loginsFailed: total.loginsFailed,
      p50Ms: ms(histogramQuantile(total.latency, 0.5)),
      p95Ms: ms(histogramQuantile(total.latency, 0.95)),
    },
    topUsers: [...total.users.entries()]
      .map(([userId, u]) => ({ userId, ...u }))
      .sort((a, b) => b.requests - a.requests || a.userId.localeCompare(b.userId))
      .slice(0, TOP_ROWS),
    topClients: [...total.clients.values()]
      .sort((a, b) => b.requests - a.requests || b.lastSeen - a.lastSeen)
      .slice(0, TOP_ROWS)
      .map((c) => ({
        clientKind: c.kind,
        address: c.address,
        requests: c.requests,
        lastSeen: new Date(c.lastSeen).toISOString(),
      })),
    nodes: [...total.nodes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([node, n]) => ({
        node,
        requests: n.requests,
        refused: n.refused,
        lastSeen: new Date(n.lastMinute).toISOString(),
      })),
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
