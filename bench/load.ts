// A small closed-loop HTTPS load generator (undici Pool, keep-alive): the same client measures every target.
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

export interface LoadOptions {
  url: string;
  ca: string;
  connections: number;
  durationMs: number;
  /** Builds one request: path, headers and body. Called once per request, in order. */
  request: () => { path: string; headers: Record<string, string>; body: string };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.url, {
    connections: options.connections,
    pipelining: 1,
    connect: { ca: options.ca },
  });
  const latenciesMs: number[] = [];
  let requests = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const { path, headers, body } = options.request();
      const t0 = performance.now();
      try {
        const response = await pool.request({ method: 'POST', path, headers, body });
        await response.body.text();
        if (response.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latenciesMs.push(performance.now() - t0);
      requests++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests, errors, seconds, perSecond: requests / seconds, latenciesMs };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
