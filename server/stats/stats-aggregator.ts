// Counts every request in memory per minute (a few map updates, no I/O) and writes finished minutes once a minute.
import { randomUUID } from 'node:crypto';
import type { ClientKind } from '../../contract/roles.ts';
import type { AuditRecord } from '../audit/audit-log.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../storage/database.ts';
import { emptyHistogram, latencySlot } from './latency-histogram.ts';
import { type Gauges, MinuteStats } from './minute-stats.ts';
import { insertMinutes, pruneMinutesBefore, type StoredMinute, sessionKinds } from './stats-repo.ts';

export const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Finished minutes kept while nothing flushes them (a core opened without the timer): two hours at most. */
const MAX_PENDING = 120;

export interface StatsAggregatorOptions {
  store: Store;
  /** The server node's name (see AppContext.node). */
  node?: string;
  now: () => Date;
  log: Logger;
  /** Samples the gauges (sessions, secrets, shares) once per flush and for the live minute. */
  sampleGauges: () => Promise<Gauges>;
  flushMs?: number;
  retentionDays?: number;
}

/** Since the process started: what /metrics reports as Prometheus counters. */
export interface LifetimeTotals {
  startedAt: number;
  /** operation → [ok, denied, error] */
  requests: Map<string, [number, number, number]>;
  codes: Map<string, number>;
  latency: number[];
  latencySum: number;
  logins: { ok: number; failed: number };
}

export class StatsAggregator {
  /**
   * The node's name and a per-process tag: minutes are keyed by (minute, node), so a node restarted
   * within a minute must not collide with its own earlier rows.
   */
  readonly node: string;
  readonly #store: Store;
  readonly #now: () => Date;
  readonly #log: Logger;
  readonly #flushMs: number;
  readonly #retentionMs: number;
  readonly sampleGauges: () => Promise<Gauges>;
  readonly #startedMinute: number;
  #current: MinuteStats | null = null;
  #pending: MinuteStats[] = [];
  #lastWritten = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  readonly #kinds = new Map<string, ClientKind | null>();
  readonly totals: LifetimeTotals;

  constructor(options: StatsAggregatorOptions) {
    this.#store = options.store;
    this.node = `${options.node ?? 'node'}~${randomUUID().slice(0, 8)}`;
    this.#now = options.now;
    this.#log = options.log;
    this.sampleGauges = options.sampleGauges;
    this.#flushMs = options.flushMs ?? MINUTE;
    this.#retentionMs = (options.retentionDays ?? 35) * DAY;
    const started = this.#now().getTime();
    this.#startedMinute = started - (started % MINUTE);
    this.totals = {
      startedAt: started,
      requests: new Map(),
      codes: new Map(),
      latency: emptyHistogram(),
      latencySum: 0,
      logins: { ok: 0, failed: 0 },
    };
  }

  /** The newest minute already written: minutes up to it will not change any more. */
  get lastWrittenMinute(): number {
    return this.#lastWritten;
  }

  /** One finished request, from the security monitor; `startedAt` is its performance.now() at dispatch. */
  record(entry: AuditRecord, startedAt: number): void {
    try {
      this.#record(entry, startedAt);
    } catch (error) {
      // Counting must never turn an answered request into a failed one.
      this.#log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'statistics not counted',
      );
    }
  }

  #record(entry: AuditRecord, startedAt: number): void {
    const seconds = Math.max(0, (performance.now() - startedAt) / 1000);
    const at = this.#now().getTime();
    const minute = at - (at % MINUTE);
    let bucket = this.#current;
    // A clock stepped back counts into the open minute rather than reopening a written one.
    if (!bucket || minute > bucket.minute) {
      if (bucket) this.#pending.push(bucket);
      if (this.#pending.length > MAX_PENDING) this.#pending.shift();
      bucket = new MinuteStats(minute);
      this.#current = bucket;
    }
    // Unknown operation names are caller text: one label for all of them keeps the series bounded.
    const operation = entry.operation.startsWith('unknown:') ? 'unknown' : entry.operation;
    bucket.add(
      operation,
      entry.status,
      entry.code,
      seconds,
      entry.userId,
      entry.sessionId,
      entry.address,
      at,
    );
    this.#addToTotals(operation, entry.status, entry.code, seconds);
  }

  #addToTotals(operation: string, status: AuditRecord['status'], code: string | null, seconds: number) {
    const t = this.totals;
    let op = t.requests.get(operation);
    if (!op) {
      op = [0, 0, 0];
      t.requests.set(operation, op);
    }
    op[status === 'ok' ? 0 : status === 'denied' ? 1 : 2]++;
    if (status !== 'ok' && code) t.codes.set(code, (t.codes.get(code) ?? 0) + 1);
    const slot = latencySlot(seconds);
    t.latency[slot] = (t.latency[slot] ?? 0) + 1;
    t.latencySum += seconds;
    if (operation === 'login') {
      if (status === 'ok') t.logins.ok++;
      else t.logins.failed++;
    }
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.flush().catch(() => {
        // flush logs its own failures.
      });
    }, this.#flushMs);
    // Statistics never keep a process alive.
    this.#timer.unref();
  }

  /** Stops the timer and writes everything counted so far, the open minute included. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    // A failed last write is logged by flush; closing the server goes on regardless.
    await this.flush({ final: true }).catch(() => undefined);
  }

  /** Writes the finished minutes (all of them when final), one transaction, then drops rows past retention. */
  flush(options: { final?: boolean } = {}): Promise<void> {
    const run = this.#flushing.then(() => this.#flush(options.final ?? false));
    this.#flushing = run.catch(() => undefined);
    return run;
  }

  async #flush(final: boolean): Promise<void> {
    const now = this.#now().getTime();
    const nowMinute = now - (now % MINUTE);
    if (this.#current && (final || this.#current.minute < nowMinute)) {
      this.#pending.push(this.#current);
      this.#current = null;
    }
    // An idle minute still gets a row, so the gauges draw a continuous line while nobody calls.
    const previous = nowMinute - MINUTE;
    if (
      !final &&
      previous >= this.#startedMinute &&
      this.#lastWritten < previous &&
      !this.#pending.some((m) => m.minute === previous)
    ) {
      this.#pending.push(new MinuteStats(previous));
    }
    const batch = this.#pending.splice(0);
    if (batch.length === 0) return;
    try {
      const stored = await this.#toStored(batch, await this.sampleGauges());
      await insertMinutes(this.#store, this.node, stored);
      this.#lastWritten = Math.max(this.#lastWritten, ...batch.map((m) => m.minute));
      await pruneMinutesBefore(this.#store, nowMinute - this.#retentionMs);
    } catch (error) {
      // Kept for the next try (bounded): statistics must never take a request or the server down.
      this.#pending.unshift(...batch.slice(-MAX_PENDING));
      this.#log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'statistics flush failed',
      );
      throw error;
    }
  }

  /** Minutes counted but not yet written, and the present minute (even with no calls yet) with gauges sampled now. */
  async unwritten(): Promise<StoredMinute[]> {
    const at = this.#now().getTime();
    const nowMinute = at - (at % MINUTE);
    const minutes = [...this.#pending, ...(this.#current ? [this.#current] : [])];
    // Not kept: it only carries the gauges until a request opens the minute for real.
    if (!minutes.some((m) => m.minute >= nowMinute)) minutes.push(new MinuteStats(nowMinute));
    return this.#toStored(minutes, await this.sampleGauges(), { keepGauges: true });
  }

  async #toStored(
    minutes: MinuteStats[],
    gauges: Gauges,
    options: { keepGauges?: boolean } = {},
  ): Promise<StoredMinute[]> {
    const unknown = [...new Set(minutes.flatMap((m) => m.sessionIds()))].filter((id) => !this.#kinds.has(id));
    if (unknown.length > 0) {
      const found = await sessionKinds(this.#store, unknown);
      // A session's kind never changes; the cache only needs a bound.
      if (this.#kinds.size > 10_000) this.#kinds.clear();
      for (const id of unknown) this.#kinds.set(id, found.get(id) ?? null);
    }
    const kindOf = (id: string) => this.#kinds.get(id) ?? null;
    return minutes.map((m) => {
      // Finished minutes take the gauges sampled now and keep them; a preview must not fix them early.
      if (!options.keepGauges) m.gauges ??= gauges;
      const data = m.toData(kindOf);
      return { minute: m.minute, node: this.node, data: { ...data, gauges: data.gauges ?? gauges } };
    });
  }
}
