// A closed-loop HTTPS load generator (undici Pool, keep-alive) in a worker thread, so it does not share the
// server's event loop; the same generator measures every target in a run.
import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requests: number;
  errors: number;
  /** Refusals by HTTP status (or "network"), to say what went wrong when errors is not 0. */
  errorStatuses: Record<string, number>;
  /** Writes the server acknowledged (with `writeEvery`). */
  written: number;
  seconds: number;
  perSecond: number;
  /** Request latency in milliseconds. */
  p50: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  ca: string;
  connections: number;
  durationMs: number;
  /** Each connection goes on past the duration until it made this many requests (tests: no timed outcome). */
  minRequestsPerConnection?: number;
  path: string;
  body: string;
  headers: Record<string, string>;
  /** When set, each request carries the next operation number of its session in this header, from 1. */
  opNumberHeader?: string;
  /**
   * Session tokens (fresh, their operation numbers unused): connections take them round-robin and send
   * them as Bearer tokens. Keep connections per session within the server's replay window (64).
   */
  tokens?: string[];
  /** Every n-th request of each connection creates a new secret at `writePath` (0: reads only). */
  writeEvery?: number;
  writePath?: string;
  /**
   * Versioned writes instead: connection i updates secret ids[i % ids.length] (at version 1 when the run
   * starts; one connection per secret) with a new value each request, through `path` (/v1/op/updateSecret).
   */
  updates?: { ids: string[]; path: string };
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: options });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
