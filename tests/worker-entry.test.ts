// Which script the keyhold command's crypto workers start from: the bundled body only while it was built
// from the sources as they are now (else the sources through tsx), and beside the bundled command its own.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { workerEntry } from '../cli/worker-entry.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A checkout with one source, its bundle and the bundle's list of inputs, dated as given (seconds). */
function checkout(dates: { source: number; bundle: number }) {
  root = mkdtempSync(path.join(os.tmpdir(), 'keyhold-worker-entry-'));
  mkdirSync(path.join(root, 'cli'));
  mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
  const source = path.join(root, 'cli', 'bulk-worker-thread.ts');
  const bundle = path.join(root, 'dist', 'cli', 'bulk-worker.mjs');
  writeFileSync(source, '');
  writeFileSync(bundle, '');
  writeFileSync(
    path.join(root, 'dist', 'cli', 'bulk-worker.inputs.json'),
    JSON.stringify({ inputs: ['cli/bulk-worker-thread.ts'] }),
  );
  utimesSync(source, dates.source, dates.source);
  utimesSync(bundle, dates.bundle, dates.bundle);
  return {
    fromSources: pathToFileURL(path.join(root, 'cli', 'bulk-workers.ts')).href,
    fromBundle: pathToFileURL(path.join(root, 'dist', 'cli', 'keyhold.mjs')).href,
    bundled: pathToFileURL(bundle).href,
    tsx: pathToFileURL(path.join(root, 'cli', 'bulk-worker.mjs')).href,
  };
}

describe('the crypto workers’ script', () => {
  it('is the bundled body when it was built after every source it holds', () => {
    const at = checkout({ source: 1_000, bundle: 2_000 });
    expect(workerEntry(at.fromSources, 'bulk-worker.mjs').href).toBe(at.bundled);
  });

  it('is the sources through tsx when one of them changed since the build, or there is no bundle', () => {
    const at = checkout({ source: 3_000, bundle: 2_000 });
    expect(workerEntry(at.fromSources, 'bulk-worker.mjs').href).toBe(at.tsx);
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(workerEntry(at.fromSources, 'bulk-worker.mjs').href).toBe(at.tsx);
  });

  it('is the one beside the bundled command when the command runs from its bundle', () => {
    const at = checkout({ source: 3_000, bundle: 2_000 });
    expect(workerEntry(at.fromBundle, 'bulk-worker.mjs').href).toBe(at.bundled);
  });
});
