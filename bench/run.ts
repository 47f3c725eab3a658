// `npm run bench`: Keyhold against baselines measured side by side in this run; prints ratios.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Agent, fetch as undiciFetch } from 'undici';
import { createHttpsTransport, KeyholdClient, prepareLogin, VaultSession } from '../client/index.ts';
import { lowerKdfFloorForTests } from '../contract/kdf-test-switch.ts';
import { bearerAuthorization, OP_NUMBER_HEADER, rpcPath } from '../contract/wire.ts';
import { startKeyholdServer } from '../server/app.ts';
import { printAttachmentBench, runAttachmentBench } from './attachments.ts';
import { startBareHttps } from './bare-https.ts';
import { printCliBench, runCliBench } from './cli-start.ts';
import { printClusterBench, runClusterBench } from './cluster.ts';
import { printConcurrencyBench, runConcurrencyBench } from './concurrency.ts';
import { entriesFlag, printCryptoBench, runCryptoBench } from './crypto.ts';
import { fillSecrets } from './fill-secrets.ts';
import { printHealthBench, runHealthBench } from './health.ts';
import { printImportBench, runImportBench } from './import.ts';
import { printKeyWrapBench, runKeyWrapBench } from './key-wrap.ts';
import { percentile, runLoad } from './load.ts';
import { printLoginTimingBench, runLoginTimingBench } from './login-timing.ts';
import { printUiBench, runUiBench } from './ui.ts';

// The ui and import sections sign in with cheap test KDF parameters, below the production floor.
lowerKdfFloorForTests();
const quick = process.argv.includes('--quick');
/**
 * `--only cluster`, `--only reads`, `--only crypto` (with `--entries N`), `--only cli`,
 * `--only login-timing` or `--only ui`: that section alone.
 */
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (
  only !== undefined &&
  !['cluster', 'reads', 'crypto', 'cli', 'login-timing', 'ui', 'health', 'attachments'].includes(only)
) {
  console.error(
    `--only: unknown section "${only}" (known: cluster, reads, crypto, cli, login-timing, ui, health, attachments)`,
  );
  process.exit(2);
}
const DURATION_MS = quick ? 2000 : 5000;
const CONNECTIONS = 16;
const WRITES = quick ? 500 : 3000;
const SECRETS = quick ? 20_000 : 100_000;
const ADMIN = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  if (only === 'login-timing') {
    console.log(
      `Keyhold benchmarks (sign-in timing only), node ${process.version}, ${os.cpus().length} cores\n`,
    );
    printLoginTimingBench(await runLoginTimingBench(quick));
    return;
  }
  if (only === 'ui') {
    console.log(`Keyhold benchmarks (UI only), node ${process.version}, ${os.cpus().length} cores\n`);
    printUiBench(await runUiBench(quick));
    return;
  }
  if (only === 'health') {
    const at = process.argv.indexOf('--items');
    const items = at >= 0 ? Number(process.argv[at + 1]) : quick ? 20_000 : undefined;
    if (items !== undefined && !(Number.isInteger(items) && items > 0)) {
      console.error('--items: a whole number of items above 0');
      process.exit(2);
    }
    console.log(
      `Keyhold benchmarks (password health only), node ${process.version}, ${os.cpus().length} cores\n`,
    );
    printHealthBench(await runHealthBench(items));
    return;
  }
  if (only === 'attachments') {
    console.log(
      `Keyhold benchmarks (attachments only), node ${process.version}, ${os.cpus().length} cores\n`,
    );
    printAttachmentBench(await runAttachmentBench(quick));
    return;
  }
  if (only === 'cli') {
    console.log(`Keyhold benchmarks (CLI only), node ${process.version}, ${os.cpus().length} cores\n`);
    printCliBench(await runCliBench(quick));
    return;
  }
  if (only === 'crypto') {
    const entries = process.argv.includes('--entries')
      ? entriesFlag(process.argv)
      : quick
        ? 20_000
        : undefined;
    console.log(`Keyhold benchmarks (crypto only), node ${process.version}, ${os.cpus().length} cores\n`);
    printCryptoBench(await runCryptoBench(entries));
    printKeyWrapBench(await runKeyWrapBench());
    return;
  }
  if (only === 'cluster') {
    console.log(
      `Keyhold benchmarks (${quick ? 'quick' : 'full'}, cluster only), node ${process.version}, ${os.cpus().length} cores\n`,
    );
    printClusterBench(await runClusterBench(quick));
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-bench-'));
  const server = await startKeyholdServer({
    dataDir,
    port: 0,
    logLevel: 'warn',
    logDestination: { write: () => undefined },
    synchronous: 'full',
  });
  const agent = new Agent({ connect: { ca: server.caCertPem } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  const client = new KeyholdClient(createHttpsTransport({ baseUrl: server.url, fetch }));
  const kdf = { algorithm: 'argon2id' as const, memoryKiB: 65536, iterations: 3, parallelism: 1 };
  await VaultSession.initialize(client, {
    unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' },
    admin: ADMIN,
    kdf,
  });
  const vault = await VaultSession.login(client, ADMIN.username, ADMIN.password, 'cli');
  // One user from one address at full speed is the point of this bench, not what the limits allow.
  await vault.client.request('updateSettings', {
    patch: { rateLimits: { api: { perAddressPerSecond: 1_000_000, perUserPerSecond: 1_000_000 } } },
  });
  const { id } = await vault.createSecret({
    name: 'hot',
    type: 'api_key',
    payload: { value: 'x'.repeat(64) },
  });
  const token = await rawToken(client);
  let op = 0;

  console.log(
    `Keyhold benchmarks (${quick ? 'quick' : 'full'}), node ${process.version}, ${os.cpus().length} cores\n`,
  );

  // 1. Authenticated reads over HTTPS vs a bare HTTPS server answering fixed JSON.
  const tlsDir = path.join(dataDir, 'tls');
  const tls = {
    key: readFileSync(path.join(tlsDir, 'server-key.pem'), 'utf8'),
    cert: readFileSync(path.join(tlsDir, 'server.pem'), 'utf8'),
  };
  const bare = await startBareHttps(tls);
  // The second baseline: the bare server committing one durable row per request before it answers.
  const durable = await startBareHttps({ ...tls, durableLog: path.join(dataDir, 'durable-baseline.db') });
  const load = async (target: 'bare' | 'durable' | 'keyhold') =>
    runLoad({
      url: target === 'bare' ? bare.url : target === 'durable' ? durable.url : server.url,
      ca: server.caCertPem,
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      path: rpcPath('readSecret'),
      body: JSON.stringify({ id }),
      // Each Keyhold run signs in afresh, so its operation numbers start at 1.
      headers:
        target !== 'keyhold'
          ? { 'content-type': 'application/json' }
          : {
              'content-type': 'application/json',
              authorization: bearerAuthorization(await rawToken(client)),
            },
      ...(target === 'keyhold' && { opNumberHeader: OP_NUMBER_HEADER }),
    });
  await load('bare'); // warm-up
  await load('durable');
  await load('keyhold');
  const rounds = [];
  for (let round = 0; round < 2; round++) {
    rounds.push({ bare: await load('bare'), durable: await load('durable'), keyhold: await load('keyhold') });
  }
  const bareBest = Math.max(...rounds.map((r) => r.bare.perSecond));
  const durableBest = Math.max(...rounds.map((r) => r.durable.perSecond));
  const keyholdBest = Math.max(...rounds.map((r) => r.keyhold.perSecond));
  const readErrors = rounds.reduce((n, r) => n + r.keyhold.errors + r.bare.errors + r.durable.errors, 0);
  const concurrency =
    only === 'reads'
      ? null
      : await runConcurrencyBench(
          {
            keyholdUrl: server.url,
            bareUrl: bare.url,
            ca: server.caCertPem,
            tokens: (count) => rawTokens(client, count),
            hotId: id,
            client: vault.client,
          },
          quick,
        );
  await bare.close();
  await durable.close();
  console.log(
    '1. Authenticated secret reads over HTTPS keep-alive (monitor, storage, at-rest decryption, audit)',
  );
  console.log(`   bare Node HTTPS, fixed JSON : ${fmt(bareBest)} req/s`);
  console.log(
    `   Keyhold readSecret          : ${fmt(keyholdBest)} req/s   (${CONNECTIONS} connections, errors: ${readErrors})`,
  );
  console.log(
    `   ratio Keyhold / bare        : ${fmt(keyholdBest / bareBest, 2)}   (target ≥ 0.5; ≥ 5,000 reads/s)`,
  );
  console.log(
    `   bare + durable row each     : ${fmt(durableBest)} req/s   (one row committed, synchronous=FULL, before each answer)`,
  );
  console.log(
    `   ratio Keyhold / that        : ${fmt(keyholdBest / durableBest, 2)}   (what the monitor, the session check, the read and the audit entry's contents cost on top)\n`,
  );

  if (only === 'reads') {
    await agent.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    return;
  }

  // 2. Versioned writes with audit entries through the monitor, durable (synchronous=FULL), vs raw inserts.
  const value = randomBytes(180).toString('base64');
  let expected = 1;
  const caller = () => ({
    token,
    opNumber: ++op,
    address: '127.0.0.1',
    port: 0,
    transport: 'internal' as const,
  });
  const t0 = performance.now();
  for (let i = 0; i < WRITES; i++) {
    const result = await server.monitor.dispatch(caller(), 'updateSecret', {
      id,
      expectedVersion: expected,
      value,
    });
    if (!result.ok) throw new Error(`write failed: ${result.error.message}`);
    expected++;
  }
  const keyholdWrites = WRITES / ((performance.now() - t0) / 1000);
  const rawWrites = rawInsertRate(dataDir, WRITES, value);
  console.log('2. Versioned secret writes with their audit entries, durable in WAL (synchronous=FULL)');
  console.log(`   raw better-sqlite3 inserts  : ${fmt(rawWrites)} writes/s`);
  console.log(
    `   Keyhold updateSecret        : ${fmt(keyholdWrites)} writes/s   (through the monitor, no HTTP)`,
  );
  console.log(
    `   ratio Keyhold / raw         : ${fmt(keyholdWrites / rawWrites, 2)}   (target ≥ 1,000 writes/s)\n`,
  );

  // 3. List and search latency with many secrets in the store, over HTTPS.
  const { fillSeconds, indexSeconds } = await fillSecrets(server, vault.user.id, SECRETS);
  const timed = async (op: 'listSecrets' | 'searchSecrets', inputs: () => object, n: number) => {
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const t1 = performance.now();
      const result = await client.call(op, inputs() as never);
      if (!result.ok) throw new Error(result.error.message);
      latencies.push(performance.now() - t1);
    }
    return `p50 ${fmt(percentile(latencies, 50), 2)} ms, p95 ${fmt(percentile(latencies, 95), 2)} ms`;
  };
  let k = 0;
  const list = await timed(
    'listSecrets',
    () => ({ path: `/team-${String(k++ % 100).padStart(2, '0')}`, limit: 100 }),
    300,
  );
  const listRoot = await timed('listSecrets', () => ({ path: '/', limit: 100 }), 100);
  const searchOne = await timed(
    'searchSecrets',
    () => ({ query: `svc-${(k++ * 7919) % SECRETS}`, limit: 100 }),
    300,
  );
  const searchTag = await timed('searchSecrets', () => ({ query: 'prod', limit: 100 }), 100);
  console.log(
    `3. List and search with ${fmt(SECRETS)} secrets (filled in ${fmt(fillSeconds, 1)} s; index rebuilt at unseal in ${fmt(indexSeconds, 2)} s)`,
  );
  console.log(`   list a folder (100/page)    : ${list}`);
  console.log(`   list everything (100/page)  : ${listRoot}`);
  console.log(`   search a name               : ${searchOne}`);
  console.log(`   search a common tag         : ${searchTag}   (target p95 < 20 ms)`);

  await agent.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });

  console.log('');
  printUiBench(await runUiBench(quick));

  console.log('');
  printImportBench(await runImportBench(quick));

  console.log('');
  printLoginTimingBench(await runLoginTimingBench(quick));

  console.log('');
  printCryptoBench(
    await runCryptoBench(
      process.argv.includes('--entries') ? entriesFlag(process.argv) : quick ? 20_000 : undefined,
    ),
  );

  console.log('');
  if (concurrency) printConcurrencyBench(concurrency);

  console.log('');
  printClusterBench(await runClusterBench(quick));

  console.log('');
  printCliBench(await runCliBench(quick));
}

/** Raw better-sqlite3: the same three rows per write (secret row update, version, audit), one transaction each. */
function rawInsertRate(dir: string, n: number, value: string): number {
  const db = new BetterSqlite3(path.join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table s (id text primary key, v integer, updated_at text);
    create table sv (secret_id text, version integer, value blob, created_at text, primary key (secret_id, version));
    create table a (seq integer primary key autoincrement, time text, operation text, target text, status text, prev_hash text, hash text);
    insert into s values ('x', 0, '');`);
  const up = db.prepare('update s set v = ?, updated_at = ? where id = ?');
  const ins = db.prepare('insert into sv values (?, ?, ?, ?)');
  const aud = db.prepare(
    'insert into a (time, operation, target, status, prev_hash, hash) values (?, ?, ?, ?, ?, ?)',
  );
  const blob = Buffer.from(value);
  const write = db.transaction((i: number) => {
    const now = new Date().toISOString();
    up.run(i, now, 'x');
    ins.run('x', i, blob, now);
    aud.run(now, 'updateSecret', 'x', 'ok', 'p'.repeat(64), 'h'.repeat(64));
  });
  const t0 = performance.now();
  for (let i = 1; i <= n; i++) write(i);
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

/** Several sessions of the bench admin: the password is derived once, then each is one login call. */
async function rawTokens(client: KeyholdClient, count: number): Promise<string[]> {
  const { authHash } = await prepareLogin(client, ADMIN.username, ADMIN.password);
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(
      (await client.request('login', { username: ADMIN.username, authHash, clientKind: 'cli' })).token,
    );
  }
  return tokens;
}

async function rawToken(client: KeyholdClient): Promise<string> {
  const { authHash } = await prepareLogin(client, ADMIN.username, ADMIN.password);
  const login = await client.request('login', { username: ADMIN.username, authHash, clientKind: 'cli' });
  return login.token;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
