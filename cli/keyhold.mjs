#!/usr/bin/env node
// Launches the keyhold command. From its bundle (dist/cli/keyhold.mjs, built by `npm install` through
// prepare) when that is newer than every source it was built from: it starts in about the time of Node
// itself. Missing or stale, it is built once here (esbuild, a development dependency); where that cannot be
// done, the TypeScript sources are compiled as they load (tsx), as before — slower, never wrong.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const [, , first, ...rest] = process.argv;

// `keyhold --version` answers from package.json without loading anything else.
if ((first === '--version' || first === '-V') && rest.length === 0) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version}\n`);
  process.exit(0);
}

const bundle = new URL('dist/cli/keyhold.mjs', root);

/** The bundle, if it exists and no source it lists has changed since it was built. */
function freshBundle() {
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    for (const input of inputs) {
      if (statSync(new URL(input, root)).mtimeMs > built) return false;
    }
    return inputs.length > 0;
  } catch {
    return false;
  }
}

async function load() {
  if (process.env.KEYHOLD_CLI_FROM_SOURCES !== '1') {
    if (freshBundle()) return import(bundle.href);
    try {
      const { buildCli } = await import('./build-bundle.mjs');
      await buildCli(fileURLToPath(new URL('dist/cli/', root)));
      return import(bundle.href);
    } catch {
      // No esbuild (an install without development dependencies) or a read-only folder: run the sources.
    }
  }
  const { register } = await import('tsx/esm/api');
  // The repository's tsconfig, wherever keyhold is run from (tsx would otherwise look in the working folder).
  register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
  return import('./main.ts');
}

const { main } = await load();
process.exitCode = await main(process.argv);
