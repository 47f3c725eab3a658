// `npm run bench -- --only attachments`: a 100 MiB file sealed, uploaded and downloaded through Keyhold
// (a server process of its own), as a ratio to a bare HTTPS server receiving and sending the same bytes
// with the same certificate in the same run; and the peak memory of the server and the client meanwhile.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { VaultSession } from '../client/index.ts';
import { startServerProcess } from '../tests/support/server-process.ts';

const MiB = 1024 * 1024;
const ADMIN = { username: 'bench-admin', displayName: 'Bench', password: 'bench password 123' };
const KDF = { algorithm: 'argon2id' as const, memoryKiB: 1024, iterations: 1, parallelism: 1 };

/** Linux: peak resident memory since the last reset, and the reset (writing 5 to clear_refs). */
const peakOf = (pid: number | 'self') =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const resetPeak = (pid: number | 'self') => {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux, or not allowed: the peak then counts from the process's start.
  }
};

/** The baseline: Node's HTTPS taking a body of any size and answering a body of the asked size. */
async function bareFileServer(tls: { key: string; cert: string }, payload: Buffer) {
  const server = https.createServer(
    { ...tls, minVersion: 'TLSv1.2', keepAliveTimeout: 65_000 },
    (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(req.method === 'GET' ? payload : '');
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AttachmentBench {
  sizeMiB: number;
  bareUpMiBs: number;
  bareDownMiBs: number;
  upMiBs: number;
  downMiBs: number;
  serverPeakMiB: number;
  clientPeakMiB: number;
  serverBaseMiB: number;
  clientBaseMiB: number;
}

async function* pieces(bytes: Buffer, size = 256 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export async function runAttachmentBench(quick: boolean): Promise<AttachmentBench> {
  const sizeMiB = quick ? 20 : 100;
  const node = await startServerProcess({ logLevel: 'warn' });
  try {
    const client = node.client();
    await VaultSession.initialize(client, {
      unseal: { method: 'passphrase', passphrase: 'bench unseal passphrase' },
      admin: ADMIN,
      kdf: KDF,
    });
    const vault = await VaultSession.login(node.client(), ADMIN.username, ADMIN.password, 'cli');
    await vault.client.request('updateSettings', {
      patch: {
        rateLimits: { api: { perAddressPerSecond: 1_000_000, perUserPerSecond: 1_000_000 } },
        attachments: { maxFileMiB: 1024, maxPerUserMiB: 4096 },
      },
    });
    const { id } = await vault.createSecret({ name: 'bench files', type: 'note', payload: { value: 'v' } });
    // The file is made before the peaks are reset: what it takes is the bench's, not the transfer's.
    const file = randomBytes(sizeMiB * MiB);
    const tlsDir = path.join(node.dataDir, 'tls');
    const tls = {
      key: readFileSync(path.join(tlsDir, 'server-key.pem'), 'utf8'),
      cert: readFileSync(path.join(tlsDir, 'server.pem'), 'utf8'),
    };

    // Baseline: the same bytes up and down over one TLS connection to a bare Node HTTPS server.
    const bare = await bareFileServer(tls, file);
    const agent = new Agent({ connect: { ca: node.caCertPem } });
    let started = performance.now();
    await undiciFetch(`${bare.url}/up`, { method: 'PUT', body: file, dispatcher: agent }).then((r) =>
      r.arrayBuffer(),
    );
    const bareUp = performance.now() - started;
    started = performance.now();
    const got = await undiciFetch(`${bare.url}/down`, { dispatcher: agent }).then((r) => r.arrayBuffer());
    const bareDown = performance.now() - started;
    if (got.byteLength !== file.length) throw new Error('the bare server sent a different size');
    await bare.close();
    await agent.close();

    const serverBase = peakOf(node.pid);
    const clientBase = peakOf('self');
    resetPeak(node.pid);
    resetPeak('self');
    started = performance.now();
    const attachmentId = await vault.attachments.upload(id, {
      name: 'bench.bin',
      size: file.length,
      bytes: pieces(file),
    });
    const up = performance.now() - started;
    started = performance.now();
    let received = 0;
    for await (const part of vault.attachments.download(id, attachmentId)) received += part.length;
    const down = performance.now() - started;
    if (received !== file.length) throw new Error('the download has a different size');
    const rate = (ms: number) => sizeMiB / (ms / 1000);
    return {
      sizeMiB,
      bareUpMiBs: rate(bareUp),
      bareDownMiBs: rate(bareDown),
      upMiBs: rate(up),
      downMiBs: rate(down),
      serverPeakMiB: peakOf(node.pid) / MiB,
      clientPeakMiB: peakOf('self') / MiB,
      serverBaseMiB: serverBase / MiB,
      clientBaseMiB: clientBase / MiB,
    };
  } finally {
    await node.kill('SIGTERM');
  }
}

export function printAttachmentBench(r: AttachmentBench): void {
  const f = (n: number) => n.toFixed(1);
  console.log(
    `Attachments: one ${r.sizeMiB} MiB file, 1 MiB chunks as base64 in JSON, one request at a time`,
  );
  console.log(
    `  upload    keyhold ${f(r.upMiBs)} MiB/s   bare HTTPS ${f(r.bareUpMiBs)} MiB/s   ratio ${(r.upMiBs / r.bareUpMiBs).toFixed(3)}`,
  );
  console.log(
    `  download  keyhold ${f(r.downMiBs)} MiB/s   bare HTTPS ${f(r.bareDownMiBs)} MiB/s   ratio ${(r.downMiBs / r.bareDownMiBs).toFixed(3)}`,
  );
  console.log(
    `  peak memory during the transfer: server ${f(r.serverPeakMiB)} MiB (before: ${f(r.serverBaseMiB)}), client ${f(r.clientPeakMiB)} MiB (the bench holds the ${r.sizeMiB} MiB file itself; before: ${f(r.clientBaseMiB)})`,
  );
}
