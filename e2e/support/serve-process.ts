// Runs the real headless server (`server/main.ts`, what `npm run serve` starts) as its own process on a
// free port with a temporary data folder, and gives tests a Node client that trusts its CA.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { createHttpsTransport, KeyholdClient } from '../../client/index.ts';
import { freePort, waitFor } from '../../tests/support/server-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServeProcess {
  readonly url: string;
  readonly dataDir: string;
  /** Everything the server wrote to stdout and stderr. */
  output(): string;
  client(): KeyholdClient;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServeProcess(): Promise<ServeProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-e2e-'));
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let log = '';
  const agents: Agent[] = [];

  const launch = async () => {
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        // The specs' clients use cheap KDF parameters, which the server refuses above the test floor.
        '--import',
        path.join(ROOT, 'tests/support/lower-kdf-floor.ts'),
        path.join(ROOT, 'server/main.ts'),
        '--port',
        String(port),
        '--data',
        dataDir,
      ],
      { cwd: ROOT, env: { ...process.env, KEYHOLD_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
    });
    const ca = await waitFor(() => readFileSync(path.join(dataDir, 'tls', 'ca.pem'), 'utf8'));
    const agent = new Agent({ connect: { ca } });
    agents.push(agent);
    await waitFor(async () => {
      if (child?.exitCode !== null) throw new Error(`the server exited:\n${log}`);
      const response = await undiciFetch(`${url}/v1/status`, { dispatcher: agent });
      if (!response.ok) throw new Error(`status ${response.status}`);
    });
  };
  const halt = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await launch();
  return {
    url,
    dataDir,
    output: () => log,
    client: () => {
      const agent = agents.at(-1) as Agent;
      const fetchWithCa = ((input: string | URL, init?: RequestInit) =>
        undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
      return new KeyholdClient(createHttpsTransport({ baseUrl: url, fetch: fetchWithCa }));
    },
    restart: async () => {
      await halt();
      await launch();
    },
    stop: async () => {
      await halt();
      await Promise.all(agents.map((a) => a.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
