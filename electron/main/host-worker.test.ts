// The host worker as the app ships it (dist/electron/host-worker.cjs), in a process whose standard output
// refuses every write, as a packaged Windows app has none: it still starts, opens the store, answers, and
// logs to the rotated file in the user-data folder.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const workerFile = path.join(root, 'dist/electron/host-worker.cjs');

/** Starts the worker exactly as host-client.ts does, asks `status`, closes it; reports on stderr. */
const PROBE = `
import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
const [workerFile, dataDir] = process.argv.slice(1);
const report = (event) => writeSync(2, JSON.stringify(event) + '\\n');
const worker = new Worker(workerFile, { workerData: { dataDir, logLevel: 'info' } });
worker.on('error', (error) => { report({ type: 'error', message: error.message }); process.exit(3); });
worker.on('message', (reply) => {
  report(reply);
  if (reply.type === 'ready') {
    worker.postMessage({ type: 'call', id: 1, request: { operation: 'status', input: {}, token: null, opNumber: null } });
  } else if (reply.type === 'result') {
    worker.postMessage({ type: 'close' });
  } else if (reply.type === 'closed') {
    process.exit(0);
  }
});
`;

let dataDir: string;

beforeAll(async () => {
  const { buildElectron } = await import('../../scripts/build-electron.mjs');
  await buildElectron();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-nostdout-'));
}, 60_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('host worker without standard output', () => {
  it('starts, answers and logs to <userData>/logs/keyhold.log when writes to stdout fail (EBADF)', async () => {
    // fd 1 open read-only: every write to it fails with EBADF (pinojs/pino#1868 crashed the worker here).
    const readOnly = openSync(os.devNull, 'r');
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, workerFile, dataDir], {
      stdio: ['ignore', readOnly, 'pipe'],
    });
    closeSync(readOnly);
    let stderr = '';
    if (!child.stderr) throw new Error('stderr is piped');
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const events = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; result?: unknown; message?: string });
    expect(events.map((e) => e.type)).toEqual(['ready', 'result', 'closed']);
    expect(events[1]?.result).toMatchObject({ ok: true, value: { initialized: false, sealed: true } });
    expect(code).toBe(0);
    const log = readFileSync(path.join(dataDir, 'logs', 'keyhold.log'), 'utf8');
    expect(log).toContain('"msg":"storage: SQLite"');
  });
});
