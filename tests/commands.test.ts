// The two commands a person types: `npm run serve` (validated flags, a real listener) and `npm start` without Electron.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-serve-'));
  dirs.push(dir);
  return dir;
}

const serve = (args: string[], env?: Record<string, string>) =>
  run(['--import', 'tsx', 'server/main.ts', ...args], env);

describe('npm run serve', () => {
  it.each([['0'], ['65536'], ['http'], ['80.5']])(
    'refuses --port %s with a message naming the port',
    async (port) => {
      const proc = serve([`--port=${port}`, '--data', tempDir()]);
      expect(await proc.exited).toBe(2);
      expect(proc.stderr()).toMatch(/port: .*(1 and 65535|whole number|not a number)/);
    },
  );

  it('refuses a bad KEYHOLD_PORT the same way', async () => {
    const proc = serve(['--data', tempDir()], {
      KEYHOLD_PORT: '70000',
    });
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toMatch(/port: .*65535.*KEYHOLD_PORT/);
  });

  it('starts on the given port and data folder, and answers over TLS with its own CA', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const proc = serve(['--data', dataDir], { KEYHOLD_PORT: String(port), KEYHOLD_LOG_LEVEL: 'warn' });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${proc.stderr()}`)), 30_000);
      proc.child.stderr?.on('data', () => {
        if (proc.stderr().includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const ca = readFileSync(path.join(dataDir, 'tls', 'ca.pem'), 'utf8');
    const dispatcher = new Agent({ connect: { ca } });
    const response = await fetch(`https://127.0.0.1:${port}/v1/status`, { dispatcher });
    expect(await response.json()).toMatchObject({ ok: true, value: { initialized: false, sealed: true } });
    await dispatcher.close();
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });
});

describe('npm start', () => {
  it('without an Electron binary, stops with a message pointing to npm run serve', async () => {
    const proc = run(['scripts/start.mjs']);
    expect(await proc.exited).toBe(1);
    expect(proc.stderr()).toMatch(/npm run serve/);
  });
});
