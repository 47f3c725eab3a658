// Stages the folder electron-builder packs (its `directories.app`, as Bitwarden's desktop app does): a
// package.json of its own with no dependencies to collect, the bundles, the built UI, the two native
// modules' run-time files, and the better-sqlite3 binary for the target Electron in native/. Nothing else
// (no tsx, esbuild, react, fastify, pg, sources or test extensions) can reach the installed app, and
// node_modules in the checkout is only read, never rebuilt. The modules sit in dist/electron/node_modules,
// next to the bundles that require them: electron-builder's file walker always drops an app folder's
// top-level node_modules (app-builder-lib util/filter.js), and Node resolves from the bundle's folder first.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_ROOT, nativeFolderName, SQLITE_BINARY } from './native-folder.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the staged app keeps its run-time modules (see above). */
export const MODULES_DIR = 'dist/electron/node_modules';

const BUNDLES = ['main.cjs', 'host-worker.cjs', 'preload.cjs'];

/** The only files of each run-time package the app loads (paths relative to the package). */
const RUNTIME_FILES = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib'],
  '@node-rs/argon2': ['package.json', 'LICENSE', 'index.js'],
};

/** The staged app's package.json: who it is (name, productName: the user-data folder) and its entry. */
export function appPackageJson(rootPackage) {
  const { name, productName, version, description, author, license, main } = rootPackage;
  return { name, productName, version, description, author, license, main, private: true };
}

/** @node-rs/argon2's binary packages installed for this platform and architecture (npm installs only those). */
function argon2Binaries(modules, platform, arch) {
  const scope = path.join(modules, '@node-rs');
  return readdirSync(scope).filter((name) => name.startsWith(`argon2-${platform}-${arch}`));
}

/**
 * Writes the app folder into outDir. `target` names the Electron it is for ({ abi, platform, arch });
 * `sqliteBinary` is better-sqlite3 built for that Electron (scripts/electron-native.mjs); `bundles` and
 * `renderer` are the built folders (dist/electron, dist/renderer unless a test built its own).
 */
export function stageApp({
  outDir,
  target,
  sqliteBinary,
  appRoot = root,
  bundles = path.join(appRoot, 'dist', 'electron'),
  renderer = path.join(appRoot, 'dist', 'renderer'),
}) {
  const modules = path.join(appRoot, 'node_modules');
  const built = [...BUNDLES.map((bundle) => path.join(bundles, bundle)), path.join(renderer, 'index.html')];
  for (const file of built) {
    if (!existsSync(file)) throw new Error(`stage-app: ${file} is missing: run npm run build first`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const rootPackage = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8'));
  writeFileSync(
    path.join(outDir, 'package.json'),
    `${JSON.stringify(appPackageJson(rootPackage), null, 2)}\n`,
  );
  for (const bundle of BUNDLES)
    cpSync(path.join(bundles, bundle), path.join(outDir, 'dist', 'electron', bundle));
  cpSync(renderer, path.join(outDir, 'dist', 'renderer'), { recursive: true });
  const packages = { ...RUNTIME_FILES };
  for (const binary of argon2Binaries(modules, target.platform, target.arch)) {
    packages[`@node-rs/${binary}`] = readdirSync(path.join(modules, '@node-rs', binary)).filter(
      (file) => file === 'package.json' || file.endsWith('.node'),
    );
  }
  for (const [name, files] of Object.entries(packages)) {
    for (const file of files) {
      const from = path.join(modules, name, file);
      if (existsSync(from)) cpSync(from, path.join(outDir, MODULES_DIR, name, file), { recursive: true });
    }
  }
  const native = path.join(outDir, NATIVE_ROOT, nativeFolderName(target), SQLITE_BINARY);
  mkdirSync(path.dirname(native), { recursive: true });
  cpSync(sqliteBinary, native);
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npm run dist`: the Electron-ABI binary first (fetched or built once into native/), then the folder.
  const { electronTarget, ensureElectronSqlite } = await import('./electron-native.mjs');
  try {
    const target = electronTarget();
    const sqliteBinary = await ensureElectronSqlite({ target, log: (line) => process.stderr.write(line) });
    const out = stageApp({ outDir: path.join(root, 'dist', 'app'), target, sqliteBinary });
    process.stdout.write(`app folder staged in ${path.relative(root, out)}\n`);
  } catch (error) {
    process.stderr.write(`keyhold: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
