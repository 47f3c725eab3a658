// A real server node as its own process (`server/main.ts`, what `npm run serve` runs, without building the
// web UI) on PostgreSQL or SQLite: a free port, its own data folder, optionally the TLS files of another
// node so that one CA covers a whole cluster. Tests and benchmarks may SIGKILL it.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { createHttpsTransport, KeyholdClient } from '../../client/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcessOptions {
  /** PostgreSQL URL; absent: SQLite in the data folder. */
  databaseUrl?: string;
  nodeName?: string;
  /** Another node's data folder: its `tls` folder is copied here before the start (one CA, one certificate). */
  tlsFrom?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** Extra `npm run serve` flags, e.g. ['--database-pool-max', '20']. */
  args?: string[];
  /**
   * How long the node may take to say it listens (default 30 s). tsx compiles the whole server as it loads,
   * which on a loaded two-core machine can pass 30 s; a benchmark, which has no test timeout, waits longer.
   */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  readonly url: string;
  readonly dataDir: string;
  readonly pid: number;
  readonly caCertPem: string;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** A fresh client trusting the node's CA. */
  client(): KeyholdClient;
  /** A fetch trusting the node's CA. */
  readonly fetch: typeof fetch;
  /** True until the process exits. */
  readonly running: boolean;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Kills the process (SIGTERM, then SIGKILL after 5 s) and removes its data folder. */
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Whatever happens to the test, no node outlives the process that started it. */
function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-node-'));
  if (options.tlsFrom)
    cpSync(path.join(options.tlsFrom, 'tls'), path.join(dataDir, 'tls'), { recursive: true });
  let lastError: unknown;
  // A free port can be taken between the probe and the listen: try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(dataDir, await freePort(), options);
    } catch (error) {
      lastError = error;
      if (!String(error).includes('port is already in use')) break;
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  throw lastError;
}

async function launch(dataDir: string, port: number, options: ServerProcessOptions): Promise<ServerProcess> {
  const args = [
    '--import',
    'tsx',
    // The tests' clients use cheap KDF parameters, which the server refuses above the test floor.
    '--import',
    path.join(ROOT, 'tests/support/lower-kdf-floor.ts'),
    path.join(ROOT, 'server/main.ts'),
    '--port',
    String(port),
    '--data',
    dataDir,
    '--log-level',
    options.logLevel ?? 'warn',
    ...(options.databaseUrl ? ['--database', options.databaseUrl] : []),
    ...(options.nodeName ? ['--node-name', options.nodeName] : []),
    ...(options.args ?? []),
  ];
  const env = { ...process.env };
  // The flags decide; nothing from the caller's environment may point the node elsewhere.
  for (const name of Object.keys(env)) if (name.startsWith('KEYHOLD_')) delete env[name];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `https://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  // main.ts says so once it listens (the TLS files exist by then).
  await waitFor(() => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Fatal(`the node exited (${child.exitCode ?? child.signalCode}):\n${log}`);
    if (!log.includes('Keyhold is listening on'))
      throw new Error(`the node did not start within ${startTimeoutMs / 1000} s:\n${log}`);
  }, startTimeoutMs).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  const caCertPem = readFileSync(path.join(dataDir, 'tls', 'ca.pem'), 'utf8');
  const agents: Agent[] = [];
  const makeFetch = (): typeof fetch => {
    const agent = new Agent({ connect: { ca: caCertPem } });
    agents.push(agent);
    return ((input: string | URL, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  };
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return {
    url,
    dataDir,
    pid: child.pid as number,
    caCertPem,
    output: () => log,
    client: () => new KeyholdClient(createHttpsTransport({ baseUrl: url, fetch: makeFetch() })),
    get fetch() {
      return makeFetch();
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    kill,
    stop: async () => {
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
      await kill('SIGTERM');
      clearTimeout(hard);
      await Promise.all(agents.map((a) => a.destroy()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An error that ends the wait at once. */
export class Fatal extends Error {}

/** Retries `probe` until it returns, a Fatal error, or the deadline (then its last error). */
export async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (error instanceof Fatal || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
