// Section of `npm run bench`: 200 connections at once for 30 s, reads and writes, against a bare Node
// HTTPS server on the same machine in the same run; afterwards the stored writes are counted.
import type { KeyholdClient } from '../client/index.ts';
import { OP_NUMBER_HEADER, rpcPath } from '../contract/wire.ts';
import { type LoadResult, runLoad } from './load.ts';

export interface ConcurrencyTarget {
  keyholdUrl: string;
  bareUrl: string;
  ca: string;
  /** Fresh session tokens (their operation numbers start at 1), as many as asked for. */
  tokens: (count: number) => Promise<string[]>;
  hotId: string;
  /** Counts what the store holds under /load once the run is over. */
  client: KeyholdClient;
}

export interface ConcurrencyResult {
  connections: number;
  sessions: number;
  seconds: number;
  bare: LoadResult;
  keyhold: LoadResult;
  stored: number;
}

export async function runConcurrencyBench(
  target: ConcurrencyTarget,
  quick: boolean,
): Promise<ConcurrencyResult> {
  const connections = 200;
  const durationMs = quick ? 5000 : 30_000;
  const common = {
    ca: target.ca,
    connections,
    durationMs,
    path: rpcPath('readSecret'),
    body: JSON.stringify({ id: target.hotId }),
  };
  const bare = await runLoad({
    ...common,
    url: target.bareUrl,
    headers: { 'content-type': 'application/json' },
  });
  const keyhold = await runLoad({
    ...common,
    url: target.keyholdUrl,
    headers: { 'content-type': 'application/json' },
    // 20 clients with 10 connections each: every session stays well inside its replay window.
    tokens: await target.tokens(connections / 10),
    opNumberHeader: OP_NUMBER_HEADER,
    // One request in four creates a secret: the writes are counted afterwards.
    writeEvery: 4,
    writePath: rpcPath('createSecret'),
  });
  const { total } = await target.client.request('listSecrets', { path: '/load', limit: 1 });
  return {
    connections,
    sessions: connections / 10,
    seconds: durationMs / 1000,
    bare,
    keyhold,
    stored: total,
  };
}

export function printConcurrencyBench(r: ConcurrencyResult): void {
  const fmt = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(
    `6. ${r.connections} connections of ${r.sessions} clients at once for ${r.seconds} s (keep-alive, one request in flight each)`,
  );
  console.log(
    `   bare Node HTTPS, fixed JSON : ${fmt(r.bare.perSecond)} req/s, p99 ${fmt(r.bare.p99, 1)} ms, errors ${r.bare.errors}`,
  );
  console.log(
    `   Keyhold, 3 reads : 1 write  : ${fmt(r.keyhold.perSecond)} req/s, p99 ${fmt(r.keyhold.p99, 1)} ms, errors ${r.keyhold.errors}${
      r.keyhold.errors ? ` ${JSON.stringify(r.keyhold.errorStatuses)}` : ''
    }`,
  );
  console.log(
    `   writes acknowledged ${fmt(r.keyhold.written)}, stored afterwards ${fmt(r.stored)}, lost ${fmt(r.keyhold.written - r.stored)}   (target: 0 errors, 0 lost)`,
  );
  console.log(
    `   ratio Keyhold / bare        : ${fmt(r.keyhold.perSecond / r.bare.perSecond, 2)} req/s, p99 ${fmt(r.keyhold.p99 / r.bare.p99, 1)}×\n`,
  );
}
