// On a developer machine with PostgreSQL installed, `npm test` runs the PostgreSQL tests too: when
// KEYHOLD_TEST_PG_URL is unset (CI sets it; set it empty to opt out), this starts a throwaway cluster
// with .ci/postgres-cluster in a temporary folder for the run and stops it afterwards. As root it
// does nothing (the script would create a system user): start one yourself and set the variable.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const SCRIPT = fileURLToPath(new URL('../../.ci/postgres-cluster', import.meta.url));
const ENV = 'KEYHOLD_TEST_PG_URL';

function hasInitdb(): boolean {
  const bindir = process.env.KEYHOLD_PG_BINDIR;
  if (bindir) return existsSync(path.join(bindir, 'initdb'));
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return false;
  return readdirSync(root).some((version) => existsSync(path.join(root, version, 'bin', 'initdb')));
}

function cluster(command: 'start' | 'stop', dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(SCRIPT, [command, dir], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) {
        const lines = stderr.trim().split('\n');
        reject(new Error(lines[lines.length - 1] || err.message));
      } else resolve(stdout.trim());
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('keyholdPgUrl', '');
  project.provide('keyholdPgNote', '');
  if (process.env[ENV] !== undefined) return undefined;
  const note = (text: string) => project.provide('keyholdPgNote', text);
  if (process.platform === 'win32' || !hasInitdb()) {
    note('no PostgreSQL in /usr/lib/postgresql/*/bin or KEYHOLD_PG_BINDIR');
    return undefined;
  }
  if (process.getuid?.() === 0) {
    note('running as root, so no cluster was started for this run');
    return undefined;
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'keyhold-pg-'));
  let url: string;
  try {
    url = await cluster('start', dir);
  } catch (err) {
    const reason = `the test cluster did not start: ${(err as Error).message}`;
    console.warn(`PostgreSQL tests will be skipped: ${reason}`);
    note(reason);
    await cluster('stop', dir).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  project.provide('keyholdPgUrl', url);
  process.env[ENV] = url;

  return async () => {
    delete process.env[ENV];
    await cluster('stop', dir).catch((err) =>
      console.warn(`could not stop the test PostgreSQL: ${err.message}`),
    );
    await rm(dir, { recursive: true, force: true });
  };
}
