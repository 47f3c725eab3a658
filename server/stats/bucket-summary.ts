// One time bucket of a range, summed from its minutes: what a chart point and the top tables are made of.
import type { ClientKind } from '../../contract/roles.ts';
import { addHistogram, emptyHistogram } from './latency-histogram.ts';
import type { Gauges } from './minute-stats.ts';
import type { StoredMinute } from './stats-repo.ts';

export interface ClientSum {
  kind: ClientKind | null;
  address: string;
  requests: number;
  lastSeen: number;
}

export interface BucketSummary {
  ops: Map<string, number>;
  codes: Map<string, number>;
  latency: number[];
  requests: number;
  refused: number;
  errors: number;
  loginsOk: number;
  loginsFailed: number;
  /** The newest minute's gauges in the bucket, and that minute. */
  gaugesAt: number;
  gauges: Gauges | null;
  users: Map<string, { requests: number; refusals: number }>;
  clients: Map<string, ClientSum>;
  /** Per server node (by name): which nodes served the period, and how much. */
  nodes: Map<string, NodeSum>;
}

export interface NodeSum {
  requests: number;
  refused: number;
  /** The start of the newest minute the node counted anything in. */
  lastMinute: number;
}

/** A node's name without the per-process tag its minutes are stored under (see StatsAggregator.node). */
export function nodeName(node: string): string {
  const tag = node.lastIndexOf('~');
  return tag > 0 ? node.slice(0, tag) : node;
}

export function emptyBucket(): BucketSummary {
  return {
    ops: new Map(),
    codes: new Map(),
    latency: emptyHistogram(),
    requests: 0,
    refused: 0,
    errors: 0,
    loginsOk: 0,
    loginsFailed: 0,
    gaugesAt: -1,
    gauges: null,
    users: new Map(),
    clients: new Map(),
    nodes: new Map(),
  };
}

export function addMinute(b: BucketSummary, { minute, data, node }: StoredMinute): void {
  const served = { requests: 0, refused: 0, lastMinute: minute };
  for (const [op, [ok, denied, error]] of Object.entries(data.ops)) {
    b.ops.set(op, (b.ops.get(op) ?? 0) + ok + denied + error);
    b.requests += ok + denied + error;
    b.refused += denied;
    b.errors += error;
    served.requests += ok + denied + error;
    served.refused += denied;
  }
  // The live minute of an idle node carries only gauges: it served nothing, so it is not listed.
  if (served.requests > 0) addNode(b.nodes, nodeName(node), served);
  for (const [code, n] of Object.entries(data.codes)) b.codes.set(code, (b.codes.get(code) ?? 0) + n);
  addHistogram(b.latency, data.latency);
  b.loginsOk += data.logins.ok;
  b.loginsFailed += data.logins.failed;
  if (data.gauges && minute >= b.gaugesAt) {
    // Nodes sharing one database sample the same counts: the larger of two same-minute samples stands.
    b.gauges = minute === b.gaugesAt && b.gauges ? maxGauges(b.gauges, data.gauges) : data.gauges;
    b.gaugesAt = minute;
  }
  for (const [userId, [requests, refusals]] of Object.entries(data.users)) {
    const u = b.users.get(userId) ?? { requests: 0, refusals: 0 };
    u.requests += requests;
    u.refusals += refusals;
    b.users.set(userId, u);
  }
  for (const c of data.clients) addClient(b.clients, c);
}

function addNode(into: Map<string, NodeSum>, name: string, sum: NodeSum): void {
  const seen = into.get(name);
  if (seen) {
    seen.requests += sum.requests;
    seen.refused += sum.refused;
    seen.lastMinute = Math.max(seen.lastMinute, sum.lastMinute);
  } else into.set(name, { ...sum });
}

export function addClient(into: Map<string, ClientSum>, c: ClientSum): void {
  const key = `${c.kind ?? ''}|${c.address}`;
  const seen = into.get(key);
  if (seen) {
    seen.requests += c.requests;
    seen.lastSeen = Math.max(seen.lastSeen, c.lastSeen);
  } else into.set(key, { ...c });
}

function maxGauges(a: Gauges, b: Gauges): Gauges {
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  return {
    sessionsActive: max(a.sessionsActive, b.sessionsActive),
    secrets: max(a.secrets, b.secrets),
    shares: max(a.shares, b.shares),
  };
}

/** Adds one bucket into another (the range's total); `from` is left as it was, since it may be cached. */
export function addBucketTo(into: BucketSummary, from: BucketSummary): void {
  for (const [op, n] of from.ops) into.ops.set(op, (into.ops.get(op) ?? 0) + n);
  for (const [code, n] of from.codes) into.codes.set(code, (into.codes.get(code) ?? 0) + n);
  addHistogram(into.latency, from.latency);
  into.requests += from.requests;
  into.refused += from.refused;
  into.errors += from.errors;
  into.loginsOk += from.loginsOk;
  into.loginsFailed += from.loginsFailed;
  for (const [userId, u] of from.users) {
    const sum = into.users.get(userId) ?? { requests: 0, refusals: 0 };
    sum.requests += u.requests;
    sum.refusals += u.refusals;
    into.users.set(userId, sum);
  }
  for (const c of from.clients.values()) addClient(into.clients, c);
  for (const [name, sum] of from.nodes) addNode(into.nodes, name, sum);
}
