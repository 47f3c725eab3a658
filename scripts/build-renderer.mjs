// Builds the web UI (renderer/) into dist/renderer: one script, one stylesheet, index.html.
// The same build runs in the Electron window and in any browser served by `npm run serve`.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'renderer');

export async function buildRenderer({ minify = true } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'assets'), { recursive: true });
  await build({
    entryPoints: { app: path.join(root, 'renderer', 'main.tsx') },
    outdir: path.join(out, 'assets'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    jsx: 'automatic',
    minify,
    sourcemap: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(path.join(root, 'renderer', 'index.html'), path.join(out, 'index.html'));
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer();
  process.stdout.write(`renderer built into ${path.relative(root, out)}\n`);
}
