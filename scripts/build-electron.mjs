// Builds what Electron loads into dist/electron: the main process, the sandboxed preload, and the
// worker that hosts the server. Native modules stay outside the bundles: they load from node_modules (or,
// in the packed app, from the staged modules and native/; see stage-app.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultOut = path.join(root, 'dist', 'electron');

/** Packages with native code, or that must be loaded from node_modules at run time. */
export const NATIVE_EXTERNALS = ['electron', 'better-sqlite3', '@node-rs/argon2'];

/**
 * Builds into dist/electron, or into `out` (the packaging test builds its own copy). `kdfFloor: 'test'`
 * only for tests whose worker must accept their cheap Argon2id (into a folder of their own): shipped
 * bundles keep the full floor.
 */
export async function buildElectron(out = defaultOut, { kdfFloor = 'production' } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Shipped bundles keep the full KDF floor: the test switch is dead code in them (kdf-floor.ts).
    define: { KEYHOLD_KDF_FLOOR_BUILD: kdfFloor === 'test' ? '"test"' : '"production"' },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/main/index.ts')],
      outfile: path.join(out, 'main.cjs'),
      // ssh2 (the SSH agent) tries its optional native add-ons inside try/catch; they are not built, so their
      // .node files are left as run-time requires that fail quietly, and ssh2 uses Node's crypto.
      external: [...NATIVE_EXTERNALS, '*.node'],
    }),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/main/host-worker.ts')],
      outfile: path.join(out, 'host-worker.cjs'),
      external: NATIVE_EXTERNALS,
    }),
    // A sandboxed preload may require only 'electron': everything else is bundled in.
    build({
      ...common,
      platform: 'browser',
      entryPoints: [path.join(root, 'electron/preload/index.ts')],
      outfile: path.join(out, 'preload.cjs'),
      external: ['electron'],
    }),
  ]);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildElectron();
  process.stdout.write(`electron bundles built into ${path.relative(root, out)}\n`);
}
