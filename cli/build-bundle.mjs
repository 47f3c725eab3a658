// Builds the keyhold command into one file, dist/cli/keyhold.mjs, so that it starts without compiling
// TypeScript (tsx) at every run: run by `npm install` (prepare) and, when missing or older than its
// sources, by the launcher on first run. Beside it, inputs.json lists the sources it was built from, and
// each worker thread's body is built too (WORKERS): compiling the sources with tsx again in each thread cost
// an import about a second of CPU per worker, and the bundled command has no sources to compile.
import { mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultOut = path.join(root, 'dist', 'cli');

/** The worker threads' bodies, started through cli/worker-entry.ts: `<name>.mjs` with `<name>.inputs.json`. */
const WORKERS = [
  // Crypto for imports and exports (cli/bulk-workers.ts).
  { name: 'bulk-worker', entry: 'cli/bulk-worker-thread.ts' },
  // zxcvbn scoring for `keyhold health` (cli/health-score-workers.ts).
  { name: 'health-score-worker', entry: 'cli/health-score-thread.ts' },
];

/** Builds into `out` (dist/cli by default); returns the bundle's path. Written beside and renamed: never half a file. */
export async function buildCli(out = defaultOut) {
  // Loaded here, not at the top: the launcher imports this file only when it has to build.
  const { build } = await import('esbuild');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  mkdirSync(out, { recursive: true });
  const outfile = path.join(out, 'keyhold.mjs');
  const temp = `${outfile}.${process.pid}.tmp`;
  const startedAt = new Date();
  const options = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // ssh2 (keyhold ssh-agent) tries its optional native add-ons inside try/catch; they are not built, so their
    // .node files stay run-time requires that fail quietly, and ssh2 uses Node's crypto.
    external: ['*.node'],
    // CommonJS dependencies bundled into an ES module still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __keyholdRequire } from 'node:module'; const require = __keyholdRequire(import.meta.url);",
    },
    define: {
      // The shipped command keeps the full KDF floor (kdf-floor.ts); the version is fixed at build time.
      KEYHOLD_KDF_FLOOR_BUILD: '"production"',
      KEYHOLD_CLI_VERSION: JSON.stringify(version),
    },
  };
  const result = await build({ ...options, entryPoints: [path.join(root, 'cli/main.ts')], outfile: temp });
  const sourcesOf = (metafile) =>
    Object.keys(metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const workers = [];
  for (const { name, entry } of WORKERS) {
    const file = path.join(out, `${name}.mjs`);
    const temp = `${file}.${process.pid}.tmp`;
    const built = await build({ ...options, entryPoints: [path.join(root, entry)], outfile: temp });
    workers.push({ name, file, temp, inputs: sourcesOf(built.metafile) });
  }
  // Dated when the build began: a source saved while esbuild ran is newer, so the launcher rebuilds.
  // The workers first: whoever sees the new command sees its workers too.
  for (const worker of workers) {
    utimesSync(worker.temp, startedAt, startedAt);
    renameSync(worker.temp, worker.file);
  }
  utimesSync(temp, startedAt, startedAt);
  renameSync(temp, outfile);
  const inputs = [...new Set([...sourcesOf(result.metafile), ...workers.flatMap((w) => w.inputs)])];
  // Also written beside and renamed: a launcher starting meanwhile reads the old list or the new, never half.
  const list = path.join(out, 'inputs.json');
  writeFileSync(`${list}.${process.pid}.tmp`, `${JSON.stringify({ version, inputs }, null, 1)}\n`);
  renameSync(`${list}.${process.pid}.tmp`, list);
  // Each worker's own sources: a change to any other command leaves it usable from the sources (worker-entry.ts).
  for (const worker of workers) {
    const workerList = path.join(out, `${worker.name}.inputs.json`);
    writeFileSync(
      `${workerList}.${process.pid}.tmp`,
      `${JSON.stringify({ version, inputs: worker.inputs }, null, 1)}\n`,
    );
    renameSync(`${workerList}.${process.pid}.tmp`, workerList);
  }
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const outfile = await buildCli(process.argv[2] ? path.resolve(process.argv[2]) : defaultOut);
    process.stdout.write(`keyhold command built into ${path.relative(root, outfile)}\n`);
  } catch (error) {
    // An install without development dependencies has no esbuild: keyhold then runs from its sources.
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stdout.write('keyhold command not bundled (no esbuild): it will run from its sources\n');
  }
}
