// Where the better-sqlite3 binary for one runtime lives. Node (tests, `npm run serve`, the CLI) loads the
// one `npm install` built in node_modules/better-sqlite3/build/Release; each Electron gets its own
// folder, native/electron-<abi>-<platform>-<arch>/, so that neither `npm start` nor `npm run dist` ever
// rebuilds node_modules in place. The host worker hands the picked file to better-sqlite3's
// `nativeBinding` option (better-sqlite3 docs/api.md, "new Database(path, [options])").
// Pure functions (the caller passes what it sees of the runtime and the disk), shared by the scripts and
// the bundled host worker.
import path from 'node:path';

export const NATIVE_ROOT = 'native';
export const SQLITE_BINARY = 'better_sqlite3.node';

/** The folder name for one Electron ABI, platform and architecture, e.g. electron-150-linux-x64. */
export function nativeFolderName(target) {
  for (const field of ['abi', 'platform', 'arch']) {
    const value = String(target[field]);
    if (!/^[a-z0-9_]+$/i.test(value))
      throw new Error(`native folder: ${field} "${value}" is not a plain name`);
  }
  return `electron-${target.abi}-${target.platform}-${target.arch}`;
}

/** The better-sqlite3 binary for one Electron target, under an app root (the checkout or the packed app). */
export function sqliteBindingPath(appRoot, target) {
  return path.join(appRoot, NATIVE_ROOT, nativeFolderName(target), SQLITE_BINARY);
}

/**
 * Which better-sqlite3 binary this runtime loads: the per-Electron folder's file when one exists for the
 * runtime's ABI (Electron ABIs never equal Node's, so Node never picks one), else undefined, meaning
 * better-sqlite3's own build in node_modules. Under Electron a missing folder is an error that says what
 * to run, instead of better-sqlite3's NODE_MODULE_VERSION message.
 */
export function pickSqliteBinding({ appRoot, versions, platform, arch, exists }) {
  const target = { abi: versions.modules, platform, arch };
  const file = sqliteBindingPath(appRoot, target);
  if (exists(file)) return file;
  if (versions.electron) {
    throw new Error(
      `no SQLite engine built for this Electron (${versions.electron}, ABI ${versions.modules}, ` +
        `${platform}-${arch}): expected ${file}. Run \`npm start\` (or \`npm run dist\`) again to fetch or build it.`,
    );
  }
  return undefined;
}
