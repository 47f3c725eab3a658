// Builds the web UI (renderer/) into dist/renderer: the entry script (an ES module), the chunks it loads on
// demand, one stylesheet, index.html, the icon. The same build runs in the Electron window and in any browser
// served by `npm run serve`.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'renderer');

/**
 * `kdfFloor: 'test'` only for the browser tests, whose servers use cheap Argon2id: it lowers the client's
 * KDF floor in that bundle (contract/kdf-floor.ts). Every other build is 'production'.
 */
export async function buildRenderer({ minify = true, kdfFloor = 'production' } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'assets'), { recursive: true });
  await build({
    // The search index's worker is its own entry (assets/search-worker.js), loaded by the window after unlock.
    entryPoints: {
      app: path.join(root, 'renderer', 'main.tsx'),
      'search-worker': path.join(root, 'renderer', 'vault', 'search-index', 'search-worker.ts'),
    },
    outdir: path.join(out, 'assets'),
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
  });
  copyFileSync(path.join(root, 'renderer', 'index.html'), path.join(out, 'index.html'));
  // The tab's icon: without it every page load asks for /favicon.ico and gets a 404.
  copyFileSync(path.join(root, 'renderer', 'favicon.svg'), path.join(out, 'favicon.svg'));
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer();
  process.stdout.write(`renderer built into ${path.relative(root, out)}\n`);
}
