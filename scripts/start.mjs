// `npm start`: builds the window and the main process, then opens the desktop app. Electron downloads
// its binary on first launch; where that cannot happen, this says so and points to the web UI instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

function cannotStart(reason) {
  process.stderr.write(
    [
      'keyhold: the desktop app cannot start here: no Electron binary is available',
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

for (const script of ['build-renderer.mjs', 'build-electron.mjs']) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', script)], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const result = spawnSync(binary, [root], { stdio: 'inherit' });
process.exit(result.status ?? 1);
