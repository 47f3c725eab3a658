// The reachability check: a TCP connect to each address, a bounded number at once, never a shell or `ping`.
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import type { ReachabilityEntry, ReachabilityStatus } from '../../contract/ops-clients.ts';

export interface ReachabilityOptions {
  port: number;
  timeoutMs: number;
  /** Connections in flight at once. */
  concurrency?: number;
}

export interface ReachabilityReport {
  reachable: ReachabilityEntry[];
  unreachable: ReachabilityEntry[];
}

/** A refusal (RST) proves a host is up and answering: only the port is closed. */
export const reachableStatuses: ReadonlySet<ReachabilityStatus> = new Set(['open', 'closed']);

function connect(address: string, port: number, timeoutMs: number): Promise<ReachabilityStatus> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (status: ReachabilityStatus) => {
      socket.destroy();
      resolve(status);
    };
    socket.setTimeout(timeoutMs, () => finish('timeout'));
    socket.once('connect', () => finish('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish('closed');
      else if (error.code === 'ETIMEDOUT') finish('timeout');
      // EHOSTUNREACH, ENETUNREACH and the like: nothing on the way knows a route to the host.
      else finish('unreachable');
    });
    socket.connect({ host: address, port });
  });
}

/** Resolves a name to its first address; a lookup that hangs counts as no answer within the timeout. */
async function resolve(name: string, timeoutMs: number): Promise<string | null> {
  if (isIP(name)) return name;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), timeoutMs);
  });
  try {
    return await Promise.race([lookup(name).then((r) => r.address), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

async function checkOne(target: string, options: ReachabilityOptions): Promise<ReachabilityEntry> {
  const started = performance.now();
  const address = await resolve(target, options.timeoutMs);
  if (!address) return { target, address: null, status: 'no_such_host', ms: null };
  const status = await connect(address, options.port, options.timeoutMs);
  const ms = reachableStatuses.has(status) ? Math.round(performance.now() - started) : null;
  return { target, address, status, ms };
}

/** Checks every target, at most `concurrency` at once; the report keeps the targets' order. */
export async function checkReachability(
  targets: readonly string[],
  options: ReachabilityOptions,
): Promise<ReachabilityReport> {
  const results: ReachabilityEntry[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      results[index] = await checkOne(targets[index] ?? '', options);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 64, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return {
    reachable: results.filter((r) => reachableStatuses.has(r.status)),
    unreachable: results.filter((r) => !reachableStatuses.has(r.status)),
  };
}
