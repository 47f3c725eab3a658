// One minute of statistics: counted in memory as requests finish, stored as one row when the minute ends.
import { z } from 'zod';
import { type ClientKind, clientKindSchema } from '../../contract/roles.ts';
import { emptyHistogram, LATENCY_SLOTS, latencySlot } from './latency-histogram.ts';

/** Distinct users or clients tracked per minute: beyond it requests still count, only not per caller. */
const PER_MINUTE_CALLERS = 500;

const count = z.int().nonnegative();

export const gaugesSchema = z.object({
  sessionsActive: count.nullable(),
  secrets: count.nullable(),
  shares: count.nullable(),
});
export type Gauges = z.infer<typeof gaugesSchema>;

/** The stored form of a minute (the `data` column): validated when read back, like any outside input. */
export const minuteDataSchema = z.object({
  /** operation → [ok, denied, error] */
  ops: z.record(z.string(), z.tuple([count, count, count])),
  /** refusal and error codes as the audit log records them (e.g. not_owner, locked_out) */
  codes: z.record(z.string(), count),
  latency: z.array(count).length(LATENCY_SLOTS),
  latencySum: z.number().nonnegative(),
  logins: z.object({ ok: count, failed: count }),
  /** user id → [requests, refusals] */
  users: z.record(z.string(), z.tuple([count, count])),
  clients: z.array(
    z.object({
      kind: clientKindSchema.nullable(),
      address: z.string(),
      requests: count,
      lastSeen: z.number(),
    }),
  ),
  gauges: gaugesSchema.nullable(),
});
export type MinuteData = z.infer<typeof minuteDataSchema>;

export type RequestStatus = 'ok' | 'denied' | 'error';

interface ClientCount {
  sessionId: string | null;
  address: string;
  requests: number;
  lastSeen: number;
}

export class MinuteStats {
  readonly ops = new Map<string, [number, number, number]>();
  readonly codes = new Map<string, number>();
  readonly latency = emptyHistogram();
  latencySum = 0;
  loginsOk = 0;
  loginsFailed = 0;
  readonly users = new Map<string, [number, number]>();
  readonly clients = new Map<string, ClientCount>();
  gauges: Gauges | null = null;

  constructor(readonly minute: number) {}

  add(
    operation: string,
    status: RequestStatus,
    code: string | null,
    seconds: number,
    userId: string | null,
    sessionId: string | null,
    address: string,
    at: number,
  ): void {
    let op = this.ops.get(operation);
    if (!op) {
      op = [0, 0, 0];
      this.ops.set(operation, op);
    }
    op[status === 'ok' ? 0 : status === 'denied' ? 1 : 2]++;
    if (status !== 'ok' && code) this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
    const slot = latencySlot(seconds);
    this.latency[slot] = (this.latency[slot] ?? 0) + 1;
    this.latencySum += seconds;
    if (operation === 'login') {
      if (status === 'ok') this.loginsOk++;
      else this.loginsFailed++;
    }
    if (userId) {
      let user = this.users.get(userId);
      if (!user && this.users.size < PER_MINUTE_CALLERS) {
        user = [0, 0];
        this.users.set(userId, user);
      }
      if (user) {
        user[0]++;
        if (status !== 'ok') user[1]++;
      }
    }
    const key = `${sessionId ?? ''}|${address}`;
    let client = this.clients.get(key);
    if (!client && this.clients.size < PER_MINUTE_CALLERS) {
      client = { sessionId, address, requests: 0, lastSeen: at };
      this.clients.set(key, client);
    }
    if (client) {
      client.requests++;
      client.lastSeen = at;
    }
  }

  /** Session ids this minute's clients were seen under, to learn their client kinds. */
  sessionIds(): string[] {
    const ids = new Set<string>();
    for (const c of this.clients.values()) if (c.sessionId) ids.add(c.sessionId);
    return [...ids];
  }

  /** The stored form; a client is its kind and address, the session only told us the kind. */
  toData(kindOf: (sessionId: string) => ClientKind | null): MinuteData {
    const clients = new Map<string, MinuteData['clients'][number]>();
    for (const c of this.clients.values()) {
      const kind = c.sessionId ? kindOf(c.sessionId) : null;
      const key = `${kind ?? ''}|${c.address}`;
      const seen = clients.get(key);
      if (seen) {
        seen.requests += c.requests;
        seen.lastSeen = Math.max(seen.lastSeen, c.lastSeen);
      } else clients.set(key, { kind, address: c.address, requests: c.requests, lastSeen: c.lastSeen });
    }
    return {
      ops: Object.fromEntries(this.ops),
      codes: Object.fromEntries(this.codes),
      latency: [...this.latency],
      latencySum: this.latencySum,
      logins: { ok: this.loginsOk, failed: this.loginsFailed },
      users: Object.fromEntries(this.users),
      clients: [...clients.values()],
      gauges: this.gauges,
    };
  }
}
