// Several nodes on PostgreSQL against the SQLite default: authenticated reads and versioned writes per
// second through one SQLite node, one PostgreSQL node, and two PostgreSQL nodes sharing the load, side by
// side in one run. Every node is its own server process (`server/main.ts`, as `npm run serve` runs it),
// so two nodes are two event loops; the load generator runs in worker threads of the bench process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type KeyholdClient, prepareLogin, VaultSession } from '../client/index.ts';
import { OP_NUMBER_HEADER, rpcPath } from '../contract/wire.ts';
import { dropDatabase } from '../tests/support/drop-database.ts';
import { type ServerProcess, startServerProcess } from '../tests/support/server-process.ts';
import { type LoadResult, runLoad } from './load.ts';

const CLUSTER_SCRIPT = fileURLToPath(new URL('../.ci/postgres-cluster', import.meta.url));
const ADMIN = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };
const UNSEAL = 'bench unseal passphrase';
const KDF = { algorithm: 'argon2id' as const, memoryKiB: 65536, iterations: 3, parallelism: 1 };
/** Connections in all, split evenly between the nodes of a setup. */
const CONNECTIONS = 16;

type SetupName = 'sqlite' | 'pg1' | 'pg2';

interface Figures {
  reads: LoadResult;
  writes: LoadResult;
}

export type ClusterBenchResult =
  | { skipped: string }
  | {
      skipped: null;
      postgres: string;
      connections: number;
      seconds: number;
      figures: Record<SetupName, Figures>;
    };

/** The PostgreSQL to bench on: KEYHOLD_BENCH_PG_URL, or a throwaway cluster from .ci/postgres-cluster. */
async function benchPostgres(): Promise<{ url: string; source: string; stop(): Promise<void> } | string> {
  const fromEnv = process.env.KEYHOLD_BENCH_PG_URL?.trim();
  if (fromEnv) return { url: fromEnv, source: 'KEYHOLD_BENCH_PG_URL', stop: async () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-bench-pg-'));
  const cluster = (command: 'start' | 'stop') =>
    new Promise<string>((resolve, reject) =>
      execFile(CLUSTER_SCRIPT, [command, dir], { timeout: 180_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.trim().split('\n').at(-1) || error.message));
        else resolve(stdout.trim());
      }),
    );
  const stop = async () => {
    await cluster('stop').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await cluster('start');
    return { url, source: 'a temporary cluster from .ci/postgres-cluster', stop };
  } catch (error) {
    await stop();
    return `no KEYHOLD_BENCH_PG_URL, and .ci/postgres-cluster could not start one: ${(error as Error).message}`;
  }
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh database for one setup; dropped afterwards. */
async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `keyhold_bench_${Math.random().toString(16).slice(2, 10)}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (c) => dropDatabase(c, name)),
  };
}

/** Sessions of the bench admin through one node: the password is derived once, then each is a login call. */
async function tokens(client: KeyholdClient, authHash: string, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      (await client.request('login', { username: ADMIN.username, authHash, clientKind: 'cli' })).token,
    );
  }
  return out;
}

/** Runs the load through every node at once, connections split evenly; sums what they answered. */
async function loadAcross(
  nodes: ServerProcess[],
  perNode: (node: ServerProcess, index: number) => Promise<Parameters<typeof runLoad>[0]>,
): Promise<LoadResult> {
  const options = await Promise.all(nodes.map((node, i) => perNode(node, i)));
  const results = await Promise.all(options.map((o) => runLoad(o)));
  const seconds = Math.max(...results.map((r) => r.seconds));
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const errorStatuses: Record<string, number> = {};
  for (const r of results)
    for (const [status, n] of Object.entries(r.errorStatuses))
      errorStatuses[status] = (errorStatuses[status] ?? 0) + n;
  return {
    requests,
    errors: results.reduce((n, r) => n + r.errors, 0),
    errorStatuses,
    written: results.reduce((n, r) => n + r.written, 0),
    seconds,
    perSecond: requests / seconds,
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
  };
}

async function benchSetup(name: SetupName, adminUrl: string, durationMs: number): Promise<Figures> {
  const database = name === 'sqlite' ? null : await createDatabase(adminUrl);
  const nodes: ServerProcess[] = [];
  try {
    const a = await startServerProcess({
      ...(database && { databaseUrl: database.url }),
      nodeName: 'a',
    });
    nodes.push(a);
    const client = a.client();
    await VaultSession.initialize(client, {
      unseal: { method: 'passphrase', passphrase: UNSEAL },
      admin: ADMIN,
      kdf: KDF,
    });
    const vault = await VaultSession.login(client, ADMIN.username, ADMIN.password, 'cli');
    // One user from one address at full speed is the point of this bench, not what the limits allow.
    await vault.client.request('updateSettings', {
      patch: {
        rateLimits: {
          api: { perAddressPerSecond: 1_000_000, perUserPerSecond: 1_000_000 },
          login: { perAddressPerMinute: 100_000, perUserPerMinute: 100_000 },
        },
      },
    });
    const { id: hot } = await vault.createSecret({
      name: 'hot',
      type: 'api_key',
      payload: { value: 'x'.repeat(64) },
    });
    if (name === 'pg2') {
      // The second node: node A's CA and certificate, the same database, unsealed on its own.
      const b = await startServerProcess({
        databaseUrl: database?.url as string,
        nodeName: 'b',
        tlsFrom: a.dataDir,
      });
      nodes.push(b);
      await b.client().request('unseal', { passphrase: UNSEAL });
    }
    const { authHash } = await prepareLogin(client, ADMIN.username, ADMIN.password);
    const perNode = CONNECTIONS / nodes.length;
    // Each connection its own session, signed in through the node it talks to.
    const sessions = async (node: ServerProcess) => tokens(node.client(), authHash, perNode);
    const reads = (ms: number) =>
      loadAcross(nodes, async (node) => ({
        url: node.url,
        ca: node.caCertPem,
        connections: perNode,
        durationMs: ms,
        path: rpcPath('readSecret'),
        body: JSON.stringify({ id: hot }),
        headers: { 'content-type': 'application/json' },
        opNumberHeader: OP_NUMBER_HEADER,
        tokens: await sessions(node),
      }));
    // A secret of its own per connection, at version 1, for each write run.
    const writes = (ms: number) =>
      loadAcross(nodes, async (node) => {
        const ids: string[] = [];
        for (let i = 0; i < perNode; i++) {
          ids.push(
            (await vault.createSecret({ name: `w-${i}`, type: 'api_key', payload: { value: 'v1' } })).id,
          );
        }
        return {
          url: node.url,
          ca: node.caCertPem,
          connections: perNode,
          durationMs: ms,
          path: rpcPath('readSecret'),
          body: '{}',
          headers: { 'content-type': 'application/json' },
          opNumberHeader: OP_NUMBER_HEADER,
          tokens: await sessions(node),
          updates: { ids, path: rpcPath('updateSecret') },
        };
      });
    await reads(Math.min(1000, durationMs)); // warm-up: connections, statement caches, JIT
    await writes(Math.min(500, durationMs));
    return { reads: await reads(durationMs), writes: await writes(durationMs) };
  } finally {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await database?.drop().catch(() => undefined);
  }
}

export async function runClusterBench(quick: boolean): Promise<ClusterBenchResult> {
  const postgres = await benchPostgres();
  if (typeof postgres === 'string') return { skipped: postgres };
  try {
    await withAdmin(postgres.url, (c) => c.query('select 1'));
  } catch (error) {
    await postgres.stop();
    return { skipped: `cannot reach PostgreSQL from ${postgres.source}: ${(error as Error).message}` };
  }
  const durationMs = quick ? 2000 : 5000;
  try {
    const figures = {} as Record<SetupName, Figures>;
    for (const name of ['sqlite', 'pg1', 'pg2'] as const) {
      figures[name] = await benchSetup(name, postgres.url, durationMs);
    }
    return {
      skipped: null,
      postgres: postgres.source,
      connections: CONNECTIONS,
      seconds: durationMs / 1000,
      figures,
    };
  } catch (error) {
    return { skipped: `PostgreSQL failed during the bench: ${(error as Error).message}` };
  } finally {
    await postgres.stop();
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printClusterBench(result: ClusterBenchResult): void {
  console.log(
    '7. Cluster: authenticated secret reads and versioned writes over HTTPS, SQLite vs PostgreSQL nodes',
  );
  if (result.skipped !== null) {
    console.log(`   skipped: ${result.skipped}`);
    return;
  }
  const { figures: f } = result;
  const errors = (r: LoadResult) =>
    r.errors === 0 ? '' : `   errors ${r.errors} ${JSON.stringify(r.errorStatuses)}`;
  const row = (label: string, x: Figures) =>
    console.log(
      `   ${label.padEnd(34)}: ${fmt(x.reads.perSecond).padStart(7)} reads/s  ${fmt(x.writes.perSecond).padStart(7)} writes/s   (p99 ${fmt(x.reads.p99, 1)} / ${fmt(x.writes.p99, 1)} ms)${errors(x.reads)}${errors(x.writes)}`,
    );
  console.log(
    `   each node a separate server process (server/main.ts); ${result.connections} keep-alive connections in all, one session each, split evenly between the nodes; ${result.seconds} s per figure; ${os.cpus().length} cores shared by nodes, PostgreSQL and load generator; PostgreSQL: ${result.postgres}`,
  );
  row('SQLite (default), one node', f.sqlite);
  row('PostgreSQL, one node', f.pg1);
  row('PostgreSQL, two nodes (load split)', f.pg2);
  const ratio = (label: string, x: Figures, y: Figures) =>
    console.log(
      `   ${label.padEnd(34)}: ${fmt(x.reads.perSecond / y.reads.perSecond, 2).padStart(7)} reads    ${fmt(x.writes.perSecond / y.writes.perSecond, 2).padStart(7)} writes`,
    );
  ratio('ratio PostgreSQL one node / SQLite', f.pg1, f.sqlite);
  ratio('ratio two nodes / one node', f.pg2, f.pg1);
}
