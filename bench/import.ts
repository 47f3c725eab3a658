// Import benchmark: 100,000 KeePass entries through parse → preview → encrypt, upload and commit, into a real
// server over HTTPS, against `keepassxc-cli import` of the same file measured in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_KDF_PARAMS } from '../client/crypto/index.ts';
import { planImport, runImport } from '../client/import/importer.ts';
import { parseImport } from '../client/import/index.ts';
import { VaultSession } from '../client/index.ts';
import { startServeProcess } from '../e2e/support/serve-process.ts';
import { makeKeepassXml } from './make-keepass-xml.ts';

const TARGET_SECONDS = 60;
const ADMIN = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };

export interface ImportBench {
  entries: number;
  megabytes: number;
  parse: number;
  plan: number;
  /** Encryption and staging, overlapped: the next batch is encrypted while the last one travels. */
  encryptAndUpload: number;
  commit: number;
  total: number;
  created: number;
  /** null when keepassxc-cli is not installed. */
  keepassxc: number | null;
  keepassxcNote: string;
}

const seconds = (from: number) => (performance.now() - from) / 1000;

export async function runImportBench(quick = false): Promise<ImportBench> {
  const entries = quick ? 20_000 : 100_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-import-bench-'));
  const xml = makeKeepassXml(entries);
  const xmlFile = path.join(dir, 'export.xml');
  writeFileSync(xmlFile, xml);
  // The server runs in its own process, as it does beside the window (the host worker) or on another machine.
  const server = await startServeProcess();
  try {
    const client = server.client();
    await VaultSession.initialize(client, {
      unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' },
      admin: ADMIN,
      // A server in its own process keeps the KDF floor: the bench signs in with the real parameters.
      kdf: DEFAULT_KDF_PARAMS,
    });
    const vault = await VaultSession.login(client, ADMIN.username, ADMIN.password, 'cli');

    const t0 = performance.now();
    const { records } = await parseImport('keepass-xml', xml);
    const parse = seconds(t0);
    const t1 = performance.now();
    const plan = await planImport(vault, records, 'skip');
    const plan_ = seconds(t1);
    const t2 = performance.now();
    let committingAt = 0;
    const result = await runImport(vault, plan, (p) => {
      if (p.phase === 'committing') committingAt = performance.now();
    });
    const encryptAndUpload = (committingAt - t2) / 1000;
    const commit = seconds(committingAt);
    const total = seconds(t0);
    if (result.created !== entries) throw new Error(`imported ${result.created} of ${entries} entries`);
    const reference = await keepassxcImport(xmlFile, path.join(dir, 'reference.kdbx'));
    return {
      entries,
      megabytes: Buffer.byteLength(xml) / 1024 / 1024,
      parse,
      plan: plan_,
      encryptAndUpload,
      commit,
      total,
      created: result.created,
      ...reference,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `keepassxc-cli import`, the password given twice on stdin; its own KDF calibration is part of its time. */
async function keepassxcImport(
  xmlFile: string,
  database: string,
): Promise<{ keepassxc: number | null; keepassxcNote: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('keepassxc-cli', ['import', '-p', xmlFile, database], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', () => resolve({ keepassxc: null, keepassxcNote: 'keepassxc-cli is not installed' }));
    child.on('close', (code) =>
      resolve(
        code === 0
          ? { keepassxc: seconds(started), keepassxcNote: 'keepassxc-cli import (XML → new KDBX)' }
          : {
              keepassxc: null,
              keepassxcNote: `keepassxc-cli failed (${code}): ${stderr.trim().slice(-200)}`,
            },
      ),
    );
    child.stdin.end('bench kdbx password\nbench kdbx password\n');
  });
}

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function printImportBench(r: ImportBench): void {
  console.log(
    `5. Import of ${r.entries.toLocaleString('en-US')} KeePass XML entries (${fmt(r.megabytes)} MB) over HTTPS into a server in its own process`,
  );
  console.log(`   parse                        : ${fmt(r.parse, 2)} s`);
  console.log(`   preview (list vault, plan)   : ${fmt(r.plan, 2)} s`);
  console.log(`   encrypt + upload (staged)    : ${fmt(r.encryptAndUpload, 2)} s`);
  console.log(`   commit (one transaction)     : ${fmt(r.commit, 2)} s`);
  console.log(
    `   total                        : ${fmt(r.total, 2)} s   (target < ${TARGET_SECONDS} s: ${r.total < TARGET_SECONDS ? 'met' : 'MISSED'})`,
  );
  if (r.keepassxc === null) console.log(`   reference                    : ${r.keepassxcNote}`);
  else {
    console.log(`   ${r.keepassxcNote.padEnd(29)}: ${fmt(r.keepassxc, 2)} s`);
    console.log(`   ratio Keyhold / keepassxc-cli: ${fmt(r.total / r.keepassxc, 2)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  runImportBench(quick).then(printImportBench, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
