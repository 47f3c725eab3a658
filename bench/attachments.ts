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

/** Linux: resident memory now and its peak since the last reset, and the reset (writing 5 to clear_refs). */
const statusOf = (pid: number | 'self', field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) *
  1024;
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

/** One round: each Keyhold transfer timed right after the bare one it is compared with. */
interface Round {
  bareUpMs: number;
  upMs: number;
  bareDownMs: number;
  downMs: number;
}

export interface AttachmentBench {
  sizeMiB: number;
  /** How long the server process took to listen (tsx compiles it as it loads). */
  startMs: number;
  rounds: Round[];
  /** Peak resident memory during the Keyhold transfers, over what each process held when they began. */
  serverRiseMiB: number;
  clientRiseMiB: number;
  serverBaseMiB: number;
  clientBaseMiB: number;
}

async function* pieces(bytes: Buffer, size = 256 * 1024) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

export async function runAttachmentBench(quick: boolean): Promise<AttachmentBench> {
  const sizeMiB = quick ? 20 : 100;
  // On a loaded machine the baseline and Keyhold both slow down, but not together: rounds that alternate
  // them, compared pairwise, and the median pair, say more than one pass of each.
  const roundCount = quick ? 1 : 3;
  // tsx compiles the server as it starts: on a busy two-core machine that has taken more than 30 s.
  const starting = performance.now();
  const node = await startServerProcess({ logLevel: 'warn', startTimeoutMs: 180_000 });
  const startMs = performance.now() - starting;
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
    const file = randomBytes(sizeMiB * MiB);
    const tlsDir = path.join(node.dataDir, 'tls');
    const tls = {
      key: readFileSync(path.join(tlsDir, 'server-key.pem'), 'utf8'),
      cert: readFileSync(path.join(tlsDir, 'server.pem'), 'utf8'),
    };
    // Baseline: the same bytes up and down over one TLS connection to a bare Node HTTPS server.
    const bare = await bareFileServer(tls, file);
    const agent = new Agent({ connect: { ca: node.caCertPem } });
    const bareUp = () =>
      timed(() =>
        undiciFetch(`${bare.url}/up`, { method: 'PUT', body: file, dispatcher: agent }).then((r) =>
          r.arrayBuffer(),
        ),
      );
    const bareDown = () =>
      timed(async () => {
        const got = await undiciFetch(`${bare.url}/down`, { dispatcher: agent }).then((r) => r.arrayBuffer());
        if (got.byteLength !== file.length) throw new Error('the bare server sent a different size');
      });
    let attachmentId = '';
    const up = () =>
      timed(async () => {
        attachmentId = await vault.attachments.upload(id, {
          name: 'bench.bin',
          size: file.length,
          bytes: pieces(file),
        });
      });
    const down = () =>
      timed(async () => {
        let received = 0;
        for await (const part of vault.attachments.download(id, attachmentId)) received += part.length;
        if (received !== file.length) throw new Error('the download has a different size');
      });

    // A warm-up pass of each (JIT, TLS session, the database's first pages).
    await bareUp();
    await bareDown();
    const serverBase = statusOf(node.pid, 'VmRSS');
    const clientBase = statusOf('self', 'VmRSS');
    // The peaks are taken over Keyhold's transfers alone, each from where its process stood as it began: the
    // baseline runs in this process too, and its download holds the whole file (arrayBuffer) at its peak.
    let serverRise = 0;
    let clientRise = 0;
    const peaked = async (transfer: () => Promise<number>) => {
      const server = statusOf(node.pid, 'VmRSS');
      const self = statusOf('self', 'VmRSS');
      resetPeak(node.pid);
      resetPeak('self');
      const ms = await transfer();
      serverRise = Math.max(serverRise, statusOf(node.pid, 'VmHWM') - server);
      clientRise = Math.max(clientRise, statusOf('self', 'VmHWM') - self);
      return ms;
    };
    const rounds: Round[] = [];
    for (let round = 0; round < roundCount; round++) {
      const bareUpMs = await bareUp();
      const upMs = await peaked(up);
      const bareDownMs = await bareDown();
      const downMs = await peaked(down);
      rounds.push({ bareUpMs, upMs, bareDownMs, downMs });
      // Each round's file is removed, so the database stays at one file.
      await vault.attachments.delete(id, attachmentId);
    }
    const result = {
      sizeMiB,
      startMs,
      rounds,
      serverRiseMiB: serverRise / MiB,
      clientRiseMiB: clientRise / MiB,
      serverBaseMiB: serverBase / MiB,
      clientBaseMiB: clientBase / MiB,
    };
    await bare.close();
    await agent.close();
    return result;
  } finally {
    await node.stop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export function printAttachmentBench(r: AttachmentBench): void {
  const f = (n: number) => n.toFixed(1);
  const rate = (ms: number) => r.sizeMiB / (ms / 1000);
  console.log(
    `Attachments: one ${r.sizeMiB} MiB file, 1 MiB sealed chunks as base64 in JSON, 3 requests in flight; ${r.rounds.length} round(s), each Keyhold transfer right after the bare one`,
  );
  for (const [direction, keyhold, bare] of [
    ['upload  ', 'upMs', 'bareUpMs'],
    ['download', 'downMs', 'bareDownMs'],
  ] as const) {
    const ratios = r.rounds.map((round) => round[bare] / round[keyhold]);
    const rounds = r.rounds.map((round) => `${f(rate(round[keyhold]))}/${f(rate(round[bare]))}`).join(', ');
    console.log(
      `  ${direction}  ratio ${median(ratios).toFixed(3)} (median; keyhold/bare MiB/s per round: ${rounds})`,
    );
  }
  console.log(`  the server process took ${(r.startMs / 1000).toFixed(1)} s to start listening`);
  console.log(
    `  peak memory during a Keyhold transfer, over where it began: server +${f(r.serverRiseMiB)} MiB (resident before the rounds: ${f(r.serverBaseMiB)}), client +${f(r.clientRiseMiB)} MiB (resident before the rounds: ${f(r.clientBaseMiB)}, the ${r.sizeMiB} MiB file included)`,
  );
}
