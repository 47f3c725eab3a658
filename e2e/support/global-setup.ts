// Builds the web UI the browser specs load, once per version of its sources, into a folder of its own that
// no later build changes: two runs at once (two people, CI beside a developer) never serve each other a
// half-built or different bundle, and a run whose sources are unchanged starts without building.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRenderer } from '../../scripts/build-renderer.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** One folder per build key; the server of every spec serves the one named by WEB_ROOT_ENV. Its own test moves it. */
const BUILDS = process.env.KEYHOLD_E2E_BUILDS || path.join(ROOT, 'dist', 'renderer-test');
/** server/main.ts serves the web UI from here when it is set (inherited by the specs' server processes). */
const WEB_ROOT_ENV = 'KEYHOLD_WEB_ROOT';
/** What the renderer may import (.dependency-cruiser.cjs): every source of its bundle lies in these. */
const SOURCE_FOLDERS = ['renderer', 'client', 'contract'];
/** Files outside those folders that change the bundle: the build itself and the installed packages. */
const BUILD_FILES = [
  'scripts/build-renderer.mjs',
  'tsconfig.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
];
/** A build no run has used for this long is removed (a run is far shorter, so none still serves it). */
const UNUSED_FOR_MS = 24 * 60 * 60 * 1000;

export default async function setup(): Promise<void> {
  mkdirSync(BUILDS, { recursive: true });
  const key = buildKey();
  const folder = path.join(BUILDS, key);
  if (!existsSync(path.join(folder, 'index.html'))) await buildOnce(folder);
  // Marks it as in use, so that a later run's clean-up keeps it.
  const now = new Date();
  utimesSync(folder, now, now);
  removeUnused(key);
  process.env[WEB_ROOT_ENV] = folder;
}

/** A hash of everything the bundle is made from, and of the build's options. */
function buildKey(): string {
  const hash = createHash('sha256').update('kdfFloor=test minify=true\0');
  const files = [...SOURCE_FOLDERS.flatMap((folder) => sourceFiles(folder)), ...BUILD_FILES].sort();
  for (const file of files) {
    const full = path.join(ROOT, file);
    if (!existsSync(full)) continue;
    hash.update(`${file}\0`).update(readFileSync(full)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** Builds into a fresh folder and renames it to its key; when another run got there first, theirs is kept. */
async function buildOnce(folder: string): Promise<void> {
  const temp = path.join(BUILDS, `.building-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    let inputs: string[] = [];
    await buildRenderer({ kdfFloor: 'test', outDir: temp, onInputs: (list) => (inputs = list) });
    // The key is only as good as the folders it hashes: a source elsewhere would let a stale bundle through.
    const uncovered = inputs.filter(
      (file) =>
        !BUILD_FILES.includes(file) && !SOURCE_FOLDERS.some((folder) => file.startsWith(`${folder}/`)),
    );
    if (uncovered.length > 0) {
      throw new Error(
        `the web UI is built from ${uncovered.join(', ')}, outside the folders e2e/support/global-setup.ts ` +
          'hashes to decide whether to rebuild: add its folder to SOURCE_FOLDERS',
      );
    }
    try {
      renameSync(temp, folder);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Removes builds no run has used for a day, and what a run that crashed mid-build left behind. */
function removeUnused(current: string): void {
  const cutoff = Date.now() - UNUSED_FOR_MS;
  for (const name of readdirSync(BUILDS)) {
    if (name === current) continue;
    const full = path.join(BUILDS, name);
    try {
      if (statSync(full).mtimeMs < cutoff) rmSync(full, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}
