// Builds the web UI (renderer/) into dist/renderer: the entry script (an ES module), the chunks it loads on
// demand, one stylesheet, index.html, the icon. The same build runs in the Electron window and in any browser
// served by `npm run serve`.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'renderer');

/**
 * `kdfFloor: 'test'` only for the browser tests, whose servers use cheap Argon2id: it lowers the client's
 * KDF floor in that bundle (contract/kdf-floor.ts). Every other build is 'production'. `outDir` (dist/renderer
 * by default) is built beside itself and moved into place at the end, so a server reading it never serves
 * half a build; `onInputs` receives the source files the bundle was made from (node_modules left out).
 */
export async function buildRenderer({ minify = true, kdfFloor = 'production', outDir = out, onInputs } = {}) {
  const temp = `${outDir}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await buildInto(temp, { minify, kdfFloor, onInputs });
    replaceFolder(temp, outDir);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return outDir;
}

/**
 * Moves a finished build to `target`. Linux cannot rename a folder over a non-empty one, so the old folder is
 * first renamed aside: the target is missing only between two renames, never partly written.
 */
function replaceFolder(built, target) {
  const old = `${built}.old`;
  for (let attempt = 0; ; attempt += 1) {
    if (existsSync(target)) renameSync(target, old);
    try {
      renameSync(built, target);
      break;
    } catch (error) {
      // Another build moved its folder in between our two renames: move that one aside too.
      if (attempt > 5 || (error?.code !== 'ENOTEMPTY' && error?.code !== 'EEXIST')) throw error;
      rmSync(old, { recursive: true, force: true });
    }
  }
  rmSync(old, { recursive: true, force: true });
}

async function buildInto(folder, { minify, kdfFloor, onInputs }) {
  mkdirSync(path.join(folder, 'assets'), { recursive: true });
  const result = await build({
    // The search index's worker is its own entry (assets/search-worker.js), loaded by the window after unlock.
    entryPoints: {
      app: path.join(root, 'renderer', 'main.tsx'),
      'search-worker': path.join(root, 'renderer', 'vault', 'search-index', 'search-worker.ts'),
      // A one-time link's public page (/s/<id>): its own small script, without the app.
      'share-page': path.join(root, 'renderer', 'links', 'public-page', 'share-page.ts'),
      // The password health report's worker (assets/health-worker.js), started by the Health section.
      'health-worker': path.join(root, 'renderer', 'health', 'health-worker.ts'),
    },
    outdir: path.join(folder, 'assets'),
    bundle: true,
    format: 'esm',
    // Code loaded by import() (zxcvbn's dictionaries, ~1.7 MB) goes into its own chunk, fetched only by the
    // screens that show a password's strength. Chunks are 'self' scripts, so the strict CSP allows them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    jsx: 'automatic',
    minify,
    sourcemap: false,
    legalComments: 'none',
    define: {
      'process.env.NODE_ENV': '"production"',
      KEYHOLD_KDF_FLOOR_BUILD: kdfFloor === 'test' ? '"test"' : '"production"',
    },
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: root,
  });
  copyFileSync(path.join(root, 'renderer', 'index.html'), path.join(folder, 'index.html'));
  copyFileSync(
    path.join(root, 'renderer', 'links', 'public-page', 'share.html'),
    path.join(folder, 'share.html'),
  );
  // The tab's icon: without it every page load asks for /favicon.ico and gets a 404.
  copyFileSync(path.join(root, 'renderer', 'favicon.svg'), path.join(folder, 'favicon.svg'));
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'));
  onInputs?.([...inputs, 'renderer/index.html', 'renderer/favicon.svg']);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer();
  process.stdout.write(`renderer built into ${path.relative(root, out)}\n`);
}
