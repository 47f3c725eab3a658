// The browser tests' build of the web UI: two runs starting at once both get the same complete build, and
// a run whose sources are unchanged builds nothing. Each run here is a process of its own, as two test
// runs are, building into a folder of this test's own.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SETUP = pathToFileURL(fileURLToPath(new URL('./global-setup.ts', import.meta.url))).href;
const builds = mkdtempSync(path.join(os.tmpdir(), 'keyhold-e2e-builds-'));
afterAll(() => rmSync(builds, { recursive: true, force: true }));

/** Runs the global setup in a new process; resolves to the folder it pointed the servers at. */
function runSetup(): Promise<string> {
  const script = `const { default: setup } = await import(${JSON.stringify(SETUP)}); await setup(); process.stdout.write(process.env.KEYHOLD_WEB_ROOT);`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, KEYHOLD_E2E_BUILDS: builds, KEYHOLD_WEB_ROOT: '' }, timeout: 240_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe('the e2e build of the web UI', () => {
  it('gives two runs started together the same complete build, and rebuilds nothing for a third', {
    timeout: 300_000,
  }, async () => {
    const [first, second] = await Promise.all([runSetup(), runSetup()]);
    expect(second).toBe(first);
    expect(path.dirname(first)).toBe(builds);
    const assets = readdirSync(path.join(first, 'assets'));
    expect(assets).toEqual(expect.arrayContaining(['app.js', 'app.css', 'search-worker.js', 'chunks']));
    expect(readdirSync(first)).toEqual(expect.arrayContaining(['assets', 'favicon.svg', 'index.html']));
    // Nothing half-built is left beside it: the loser's build was discarded, not merged.
    expect(readdirSync(builds)).toEqual([path.basename(first)]);

    const builtAt = statSync(path.join(first, 'assets', 'app.js')).mtimeMs;
    expect(await runSetup()).toBe(first);
    expect(statSync(path.join(first, 'assets', 'app.js')).mtimeMs).toBe(builtAt);
  });
});
