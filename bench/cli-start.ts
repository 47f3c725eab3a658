// `npm run bench` section: how fast the keyhold command starts and reads one secret, side by side in one
// run with a bare `node -e 0` and, when it can be installed into a throwaway folder, the Bitwarden CLI's
// `bw --version`. keyhold runs from its bundle (built here first), as an installed keyhold does.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { createHttpsTransport, createMachineIdentity, KeyholdClient, VaultSession } from '../client/index.ts';
import { startKeyholdServer } from '../server/app.ts';
import { percentile } from './load.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LAUNCHER = path.join(root, 'cli/keyhold.mjs');
/** Outside the repository: the Bitwarden CLI is a bench-only tool, never a project dependency. */
const BW_DIR = path.join(os.tmpdir(), 'keyhold-bench-bw');
const BW_BIN = path.join(BW_DIR, 'node_modules/.bin/bw');

export interface CliBench {
  runs: number;
  nodeMs: number;
  versionMs: number;
  helpMs: number;
  getMs: number;
  bwVersionMs: number | null;
  bwNote: string;
}

/** One run of a command; async, so that the server in this process keeps answering while it runs. */
function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else
        reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${code}): ${stderr.trim()}`));
    });
  });
}

/** Median wall time of a command, run `runs` times after one warm-up. */
async function median(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<number> {
  const times: number[] = [];
  await timedRun(command, args, env);
  for (let i = 0; i < runs; i++) times.push(await timedRun(command, args, env));
  return percentile(times, 50);
}

/** The Bitwarden CLI from the npm registry into BW_DIR, once; a reason instead when that cannot be done. */
function bitwardenCli(): string | null {
  if (existsSync(BW_BIN)) return null;
  mkdirSync(BW_DIR, { recursive: true });
  try {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', BW_DIR, '@bitwarden/cli'],
      {
        stdio: 'ignore',
        timeout: 300_000,
      },
    );
    return existsSync(BW_BIN) ? null : 'installed, but no bw command in it';
  } catch (error) {
    return `could not install @bitwarden/cli into ${BW_DIR} (${error instanceof Error ? error.message.split('\n')[0] : 'failed'})`;
  }
}

export async function runCliBench(quick: boolean): Promise<CliBench> {
  const runs = quick ? 5 : 15;
  const { buildCli } = await import('../cli/build-bundle.mjs');
  await buildCli();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-bench-cli-'));
  const server = await startKeyholdServer({
    dataDir,
    port: 0,
    logLevel: 'warn',
    logDestination: { write: () => undefined },
  });
  const agent = new Agent({ connect: { ca: server.caCertPem } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  try {
    const client = new KeyholdClient(createHttpsTransport({ baseUrl: server.url, fetch }));
    // The production KDF: the bundled command keeps the full floor.
    const kdf = { algorithm: 'argon2id' as const, memoryKiB: 65536, iterations: 3, parallelism: 1 };
    const admin = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };
    await VaultSession.initialize(client, {
      unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' },
      admin,
      kdf,
    });
    const vault = await VaultSession.login(client, admin.username, admin.password, 'cli');
    const secret = await vault.createSecret({
      name: 'db',
      path: '/bench',
      type: 'custom',
      payload: { value: 'v' },
    });
    const { token, principal } = await createMachineIdentity(vault.client, {
      username: 'bench-ci',
      displayName: 'Bench CI',
      server: server.url,
      kdf,
    });
    await vault.sharing.share(secret.id, await vault.sharing.addContact(principal), 'read');

    const home = path.join(dataDir, 'cli');
    mkdirSync(home, { mode: 0o700 });
    const tokenFile = path.join(home, 'token.json');
    const caFile = path.join(home, 'ca.pem');
    writeFileSync(tokenFile, JSON.stringify(token), { mode: 0o600 });
    writeFileSync(caFile, server.caCertPem);
    const env = { PATH: process.env.PATH ?? '', HOME: home, KEYHOLD_CONFIG_DIR: path.join(home, 'config') };
    await timedRun(process.execPath, [LAUNCHER, 'login', '--token', tokenFile, '--ca', caFile], env);

    const nodeMs = await median(process.execPath, ['-e', '0'], env, runs);
    const versionMs = await median(process.execPath, [LAUNCHER, '--version'], env, runs);
    const helpMs = await median(process.execPath, [LAUNCHER, '--help'], env, runs);
    const getMs = await median(process.execPath, [LAUNCHER, 'get', '/bench/db'], env, runs);
    const bwNote = bitwardenCli();
    const bwVersionMs =
      bwNote === null
        ? await median(BW_BIN, ['--version'], { ...env, BITWARDENCLI_APPDATA_DIR: home }, runs)
        : null;
    return { runs, nodeMs, versionMs, helpMs, getMs, bwVersionMs, bwNote: bwNote ?? '' };
  } finally {
    await agent.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printCliBench(r: CliBench): void {
  const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
  console.log(`CLI start (median of ${r.runs} runs each, one after the other, warm server, from the bundle)`);
  console.log(`   node -e 0                   : ${ms(r.nodeMs)}`);
  console.log(
    `   keyhold --version           : ${ms(r.versionMs)}   ratio to node: ${(r.versionMs / r.nodeMs).toFixed(2)}   (target ≤ 3)`,
  );
  console.log(
    `   keyhold --help              : ${ms(r.helpMs)}   ratio to node: ${(r.helpMs / r.nodeMs).toFixed(2)}   (loads the whole command)`,
  );
  console.log(
    `   keyhold get (machine, 1 secret): ${ms(r.getMs)}   ratio to node: ${(r.getMs / r.nodeMs).toFixed(2)}`,
  );
  if (r.bwVersionMs === null) {
    console.log(`   bw --version                : not measured: ${r.bwNote}`);
  } else {
    console.log(
      `   bw --version                : ${ms(r.bwVersionMs)}   ratio to node: ${(r.bwVersionMs / r.nodeMs).toFixed(2)}`,
    );
    console.log(`   keyhold get / bw --version  : ${(r.getMs / r.bwVersionMs).toFixed(2)}   (target < 1)`);
  }
}
