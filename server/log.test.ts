// The logger's destinations: the desktop's rotated file stays within its size budget, and neither a file
// that cannot be written nor a standard output that refuses writes stops the process that logs.
import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, RotatingFileDestination } from './log.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('rotating log file', () => {
  it('rotates before a file passes its size and keeps only the newest files', () => {
    const dir = tempDir();
    const file = path.join(dir, 'logs', 'keyhold.log');
    const log = new RotatingFileDestination({ file, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) log.write(`${JSON.stringify({ line: i, pad: 'x'.repeat(60) })}\n`);
    log.close();
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['keyhold.log', 'keyhold.log.1', 'keyhold.log.2']);
    for (const name of readdirSync(path.dirname(file))) {
      expect(statSync(path.join(dir, 'logs', name)).size).toBeLessThanOrEqual(1000);
    }
    const live = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(live.at(-1) ?? '{}').line).toBe(99);
    const kept = [file, `${file}.1`, `${file}.2`].flatMap((f) => readFileSync(f, 'utf8').trim().split('\n'));
    // The oldest lines went with the rotation; no line is split or repeated.
    expect(kept.map((l) => JSON.parse(l).line).sort((a, b) => a - b)).toEqual(
      Array.from({ length: kept.length }, (_, i) => 100 - kept.length + i),
    );
  });

  it('appends to the file left by the last run and counts it against the budget', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keyhold.log');
    writeFileSync(file, `${'o'.repeat(950)}\n`);
    const log = new RotatingFileDestination({ file, maxBytes: 1000, keep: 1 });
    log.write(`${'n'.repeat(99)}\n`);
    log.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(`${'o'.repeat(950)}\n`);
    expect(readFileSync(file, 'utf8')).toBe(`${'n'.repeat(99)}\n`);
  });

  it('drops lines it cannot write and the logger goes on', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    // The log folder cannot be made: its parent is a file.
    const destination = new RotatingFileDestination({
      file: path.join(blocker, 'logs', 'keyhold.log'),
      maxBytes: 1000,
      keep: 1,
    });
    const log = createLogger({ destination });
    expect(() => {
      log.info('first');
      log.error({ detail: 'second' }, 'still here');
    }).not.toThrow();
    expect(readFileSync(blocker, 'utf8')).toBe('');
  });
});

describe('standard output', () => {
  it('a process whose standard output refuses writes (EBADF) logs and carries on', async () => {
    // fd 1 open read-only: every write fails with EBADF, as on a packaged Windows app without a console.
    const readOnly = openSync(os.devNull, 'r');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { createLogger } from './server/log.ts'; const log = createLogger(); log.info('one'); log.warn('two'); process.stderr.write('still running\\n');",
      ],
      { cwd: root, stdio: ['ignore', readOnly, 'pipe'] },
    );
    closeSync(readOnly);
    let stderr = '';
    if (!child.stderr) throw new Error('stderr is piped');
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('still running\n');
    expect(code).toBe(0);
  });
});
