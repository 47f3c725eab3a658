// Whole-vault work against keepassxc-cli on the same entries in the same run (issue 18): import, decrypt
// every item, encrypted export. `npm run bench -- --only crypto [--entries N]` runs this section alone.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli } from '../cli/build-bundle.mjs';
import { startBulkWorkers } from '../cli/bulk-workers.ts';
import { workerEntry } from '../cli/worker-entry.ts';
import { DEFAULT_KDF_PARAMS } from '../client/crypto/index.ts';
import { collectVault } from '../client/export/collect-vault.ts';
import { sealArchive } from '../client/export/format-archive.ts';
import { planImport, runImport } from '../client/import/importer.ts';
import { parseImport } from '../client/import/index.ts';
import { VaultSession } from '../client/index.ts';
import { startServeProcess } from '../e2e/support/serve-process.ts';
import { makeKeepassXml } from './make-keepass-xml.ts';

export const DEFAULT_CRYPTO_ENTRIES = 100_000;
const ADMIN = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };
const KDBX_PASSWORD = 'bench kdbx password';
const ARCHIVE_PASSWORD = 'bench archive password';

/** Seconds of wall time; null for keepassxc-cli when it is missing or failed (the note says which). */
export interface CryptoBench {
  entries: number;
  megabytes: number;
  keyhold: { import: number; decryptAll: number; export: number; exportMegabytes: number };
  keepassxc: { import: number; list: number; export: number } | null;
  keepassxcNote: string;
}

const seconds = (from: number) => (performance.now() - from) / 1000;

/** Runs keepassxc-cli with the password lines on stdin; resolves with its wall time in seconds. */
function keepassxc(args: string[], stdin: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('keepassxc-cli', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(seconds(started))
        : reject(new Error(`keepassxc-cli ${args[0]} failed (${code}): ${stderr.trim().slice(-200)}`)),
    );
    child.stdin.end(stdin);
  });
}

export async function runCryptoBench(entries = DEFAULT_CRYPTO_ENTRIES): Promise<CryptoBench> {
  // The keyhold command runs from its bundle (its launcher rebuilds a stale one on first run), and so do its
  // crypto workers: built here, untimed, when the sources changed since the last build.
  const workers = workerEntry(new URL('../cli/bulk-workers.ts', import.meta.url).href, 'bulk-worker.mjs');
  if (!workers.pathname.includes('/dist/cli/')) await buildCli();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-crypto-bench-'));
  const xml = makeKeepassXml(entries);
  const xmlFile = path.join(dir, 'export.xml');
  const kdbx = path.join(dir, 'reference.kdbx');
  writeFileSync(xmlFile, xml);
  // The server runs in its own process, as beside the window (the host worker) or on another machine.
  const server = await startServeProcess();
  let reference: CryptoBench['keepassxc'] = null;
  let keepassxcNote = 'keepassxc-cli (XML → KDBX, ls -R, export to XML)';
  // keepassxc-cli and Keyhold take turns step by step, so a busy moment of the machine hits both alike.
  // Once one keepassxc-cli step fails (or it is missing) the others are skipped and the note says why.
  let failed = false;
  const step = async (run: () => Promise<number>): Promise<number | null> => {
    if (failed) return null;
    try {
      return await run();
    } catch (error) {
      failed = true;
      keepassxcNote =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'keepassxc-cli is not installed'
          : error instanceof Error
            ? error.message
            : String(error);
      return null;
    }
  };
  try {
    const client = server.client();
    // A server in its own process keeps the KDF floor, so the bench signs in with the real parameters.
    await VaultSession.initialize(client, {
      unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' },
      admin: ADMIN,
      kdf: DEFAULT_KDF_PARAMS,
    });
    const vault = await VaultSession.login(client, ADMIN.username, ADMIN.password, 'cli');

    const kImport = await step(() =>
      keepassxc(['import', '-p', xmlFile, kdbx], `${KDBX_PASSWORD}\n${KDBX_PASSWORD}\n`),
    );
    let t = performance.now();
    // As the keyhold command does it: sealing and opening on worker threads, one per core (their start is timed).
    const parallel = vault.bulk.inWorkers(startBulkWorkers());
    const { records } = await parseImport('keepass-xml', xml);
    const plan = await planImport(vault, records, 'skip');
    const result = await runImport(vault, plan, undefined, { parallel });
    const importSeconds = seconds(t);
    if (result.created !== entries) throw new Error(`imported ${result.created} of ${entries} entries`);

    const kList = await step(() => keepassxc(['ls', '-R', '-q', kdbx], `${KDBX_PASSWORD}\n`));
    t = performance.now();
    const all = await collectVault(vault, { parallel });
    const decryptAll = seconds(t);
    if (all.length !== entries) throw new Error(`decrypted ${all.length} of ${entries} entries`);

    const kExport = await step(() => keepassxc(['export', '-q', kdbx], `${KDBX_PASSWORD}\n`));
    t = performance.now();
    const archive = await sealArchive(
      await collectVault(vault, { parallel }),
      ARCHIVE_PASSWORD,
      DEFAULT_KDF_PARAMS,
    );
    const archiveFile = path.join(dir, 'vault.keyhold');
    writeFileSync(archiveFile, archive);
    const exportSeconds = seconds(t);

    parallel.close();
    if (kImport !== null && kList !== null && kExport !== null)
      reference = { import: kImport, list: kList, export: kExport };
    return {
      entries,
      megabytes: Buffer.byteLength(xml) / 1024 / 1024,
      keyhold: {
        import: importSeconds,
        decryptAll,
        export: exportSeconds,
        exportMegabytes: statSync(archiveFile).size / 1024 / 1024,
      },
      keepassxc: reference,
      keepassxcNote,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 2) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printCryptoBench(r: CryptoBench): void {
  const k = r.keyhold;
  console.log(
    `6. Whole-vault work with ${r.entries.toLocaleString('en-US')} KeePass XML entries (${fmt(r.megabytes, 1)} MB), server in its own process, against keepassxc-cli`,
  );
  console.log(`   Keyhold import (parse, preview, encrypt, upload, commit): ${fmt(k.import)} s`);
  console.log(`   Keyhold decrypt every item (list, fetch, unwrap, open)  : ${fmt(k.decryptAll)} s`);
  console.log(
    `   Keyhold encrypted export (decrypt all, seal, write)     : ${fmt(k.export)} s (${fmt(k.exportMegabytes, 1)} MB)`,
  );
  const ref = r.keepassxc;
  if (ref === null) {
    console.log(`   reference: ${r.keepassxcNote}`);
    return;
  }
  console.log(
    `   keepassxc-cli import / ls -R / export                   : ${fmt(ref.import)} s / ${fmt(ref.list)} s / ${fmt(ref.export)} s`,
  );
  // One line per comparison, `ratio <what>: X.XX (target ≤ T)`, Keyhold over keepassxc-cli.
  console.log(`   ratio import: ${fmt(k.import / ref.import)} (target ≤ 1.0)`);
  console.log(`   ratio decrypt-all: ${fmt(k.decryptAll / ref.list)} (target ≤ 0.5)`);
  console.log(`   ratio export: ${fmt(k.export / ref.export)} (target ≤ 1.0)`);
}

/** `--entries N` (default 100,000): a smaller N while developing on a shared machine. */
export function entriesFlag(argv: readonly string[]): number {
  const at = argv.indexOf('--entries');
  if (at < 0) return DEFAULT_CRYPTO_ENTRIES;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw new Error(`--entries: a whole number from 1 to 1,000,000, not "${argv[at + 1] ?? ''}"`);
  }
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCryptoBench(entriesFlag(process.argv)).then(printCryptoBench, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
