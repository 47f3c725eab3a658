// Gets the better-sqlite3 binary for the Electron in node_modules/electron into its own folder
// (native/electron-<abi>-<platform>-<arch>/, see native-folder.mjs), for `npm start` and `npm run dist`.
// First a prebuilt binary (prebuild-install --runtime electron --target <version>, run inside a copy of
// the package), then a build from source (@electron/rebuild, also inside a copy): node_modules/better-sqlite3
// itself is never rebuilt, so Node's tests, `npm run serve` and the CLI keep their own binary.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeFolderName, SQLITE_BINARY, sqliteBindingPath } from './native-folder.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Written next to the binary: a folder made for another better-sqlite3 or Electron is fetched again. */
const STAMP = 'built-for.json';

/** The Electron that `npm start` runs and `npm run dist` packs: its version and Node ABI, for this machine. */
export function electronTarget(appRoot = root, platform = process.platform, arch = process.arch) {
  const dir = path.join(appRoot, 'node_modules', 'electron');
  const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const abi = readFileSync(path.join(dir, 'abi_version'), 'utf8').trim();
  return { version, abi, platform, arch };
}

function sqliteVersion(appRoot) {
  return JSON.parse(
    readFileSync(path.join(appRoot, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'),
  ).version;
}

/** The path of the Electron-ABI binary if it is there and made for today's better-sqlite3, else null. */
export function readyElectronSqlite(appRoot = root, target = electronTarget(appRoot)) {
  const file = sqliteBindingPath(appRoot, target);
  const stamp = path.join(path.dirname(file), STAMP);
  if (!existsSync(file) || !existsSync(stamp)) return null;
  const made = JSON.parse(readFileSync(stamp, 'utf8'));
  return made.betterSqlite3 === sqliteVersion(appRoot) && made.electron === target.version ? file : null;
}

/** A copy of the package to build in, so that node_modules/better-sqlite3 is never touched. */
function packageCopy(appRoot, withSources) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'keyhold-native-'));
  const from = path.join(appRoot, 'node_modules', 'better-sqlite3');
  const to = withSources
    ? path.join(work, 'node_modules', 'better-sqlite3')
    : path.join(work, 'better-sqlite3');
  mkdirSync(to, { recursive: true });
  for (const entry of withSources
    ? ['package.json', 'binding.gyp', 'lib', 'src', 'deps']
    : ['package.json']) {
    cpSync(path.join(from, entry), path.join(to, entry), { recursive: true });
  }
  return { work, dir: to };
}

function tryPrebuilt(appRoot, target) {
  const { work, dir } = packageCopy(appRoot, false);
  try {
    const bin = require.resolve('prebuild-install/bin.js', {
      paths: [path.join(appRoot, 'node_modules', 'better-sqlite3')],
    });
    const run = spawnSync(
      process.execPath,
      [
        bin,
        '--runtime',
        'electron',
        '--target',
        target.version,
        '--arch',
        target.arch,
        '--platform',
        target.platform,
      ],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    const built = path.join(dir, 'build', 'Release', SQLITE_BINARY);
    if (run.status === 0 && existsSync(built))
      return { file: built, cleanup: () => rmSync(work, { recursive: true, force: true }) };
    rmSync(work, { recursive: true, force: true });
    return {
      reason:
        lastLine(`${run.stderr ?? ''}${run.error?.message ?? ''}`) || `prebuild-install exited ${run.status}`,
    };
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

const REBUILD_CHILD = `
import { rebuild } from '@electron/rebuild';
try {
  await rebuild(JSON.parse(process.argv[1]));
} catch (error) {
  process.stderr.write('\\nrebuild failed: ' + String(error?.message ?? error).split('\\n')[0] + '\\n');
  process.exit(1);
}`;

function tryRebuild(appRoot, target) {
  const { work, dir } = packageCopy(appRoot, true);
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'keyhold-native', dependencies: { 'better-sqlite3': '*' } }),
  );
  const options = {
    buildPath: work,
    electronVersion: target.version,
    arch: target.arch,
    platform: target.platform,
    onlyModules: ['better-sqlite3'],
    force: true,
  };
  // In a child process with its output kept: node-gyp prints pages on failure, the person gets one line.
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', REBUILD_CHILD, JSON.stringify(options)],
    { cwd: appRoot, encoding: 'utf8', timeout: 15 * 60_000 },
  );
  const built = path.join(dir, 'build', 'Release', SQLITE_BINARY);
  if (run.status === 0 && existsSync(built))
    return { file: built, cleanup: () => rmSync(work, { recursive: true, force: true }) };
  rmSync(work, { recursive: true, force: true });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}`;
  const network = /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|fetch failed|network connectivity/.test(output);
  const failed = output.match(/rebuild failed: (.*)/)?.[1];
  return {
    reason: network
      ? 'the Electron headers could not be downloaded'
      : failed || lastLine(output) || `@electron/rebuild exited ${run.status}`,
  };
}

function lastLine(text) {
  return text.trim().split('\n').filter(Boolean).at(-1)?.trim() ?? '';
}

/**
 * Makes sure native/electron-<abi>-<platform>-<arch>/better_sqlite3.node exists for this Electron and
 * returns its path; throws one error naming both attempts' reasons when it cannot be had (offline, no
 * compiler or no Electron headers).
 */
export async function ensureElectronSqlite({
  appRoot = root,
  target = electronTarget(appRoot),
  log = () => {},
} = {}) {
  const ready = readyElectronSqlite(appRoot, target);
  if (ready) return ready;
  log(`keyhold: getting the SQLite engine for Electron ${target.version} (${nativeFolderName(target)})…\n`);
  const prebuilt = tryPrebuilt(appRoot, target);
  const got = prebuilt.file ? prebuilt : tryRebuild(appRoot, target);
  if (!got.file) {
    throw new Error(
      `no better-sqlite3 for Electron ${target.version} (ABI ${target.abi}, ${target.platform}-${target.arch}): ` +
        `no prebuilt binary (${prebuilt.reason}), and building it failed (${got.reason})`,
    );
  }
  const file = sqliteBindingPath(appRoot, target);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(got.file, file);
  writeFileSync(
    path.join(path.dirname(file), STAMP),
    `${JSON.stringify({ betterSqlite3: sqliteVersion(appRoot), electron: target.version, abi: target.abi }, null, 2)}\n`,
  );
  got.cleanup();
  return file;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const file = await ensureElectronSqlite({ log: (line) => process.stderr.write(line) });
    process.stdout.write(`${path.relative(root, file)}\n`);
  } catch (error) {
    process.stderr.write(`keyhold: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
