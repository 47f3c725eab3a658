// `npm start`: builds the window and the main process, then opens the desktop app. Electron downloads
// its binary on first launch, and the SQLite engine built for that Electron is fetched (or built) into
// native/ (see electron-native.mjs); where either cannot happen, this says so in one message and points
// to the web UI instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron binary if it is on disk, else null (without triggering a download). */
function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { dir: null, binary: null };
  }
  const pathFile = path.join(dir, 'path.txt');
  const binary = existsSync(pathFile) ? path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  return { dir, binary: binary && existsSync(binary) ? binary : null };
}

function cannotStart(reason, what = 'no Electron binary is available') {
  process.stderr.write(
    [
      `keyhold: the desktop app cannot start here: ${what}`,
      `(${reason}).`,
      '',
      'Run the same server with its web UI instead:',
      '  npm run serve',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

let { dir, binary } = electronBinary();
if (!dir) cannotStart('the electron package is not installed: run npm install');
if (!binary) {
  // First launch: Electron's own installer fetches the binary. Its output is kept for the reason line.
  process.stderr.write('keyhold: downloading the Electron binary (first launch)…\n');
  const download = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  ({ binary } = electronBinary());
  if (!binary) {
    const detail = `${download.stderr ?? ''}${download.stdout ?? ''}`.match(
      /(fetch failed|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT)/,
    )?.[1];
    cannotStart(`its download failed${detail ? `: ${detail}` : ''}; this machine cannot reach it`);
  }
}

// Electron cannot load the better-sqlite3 that `npm install` built for Node: it gets its own, once.
try {
  await ensureElectronSqlite({ log: (line) => process.stderr.write(line) });
} catch (error) {
  cannotStart(
    `${error instanceof Error ? error.message : String(error)}; it needs the network once, or a C++ compiler ` +
      'and the Electron headers',
    'no SQLite engine for Electron is available',
  );
}

for (const script of ['build-renderer.mjs', 'build-electron.mjs']) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', script)], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const result = spawnSync(binary, [root], { stdio: 'inherit' });
process.exit(result.status ?? 1);
