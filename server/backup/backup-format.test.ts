// The backup format against chunk-level attacks: reordered chunks, a chunk from another backup, no final chunk.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from './backup-error.ts';
import {
  type BackupHeader,
  encodeHeader,
  hashHeader,
  newFileKey,
  type Recipient,
  recipientFor,
  sealChunk,
} from './backup-format.ts';
import { restoreBackup } from './restore.ts';

const PASSPHRASE = 'format test passphrase';
const CHUNK = 4096;
const plain = randomBytes(CHUNK * 2 + 1808);
let dir: string;
let recipient: Recipient;

/** A backup of `plain` in three chunks; `finalAt` is the chunk sealed as the last. */
function build(finalAt = 2): { header: Buffer; chunks: Buffer[] } {
  const { key, ephemeral } = newFileKey(recipient);
  const header: BackupHeader = {
    format: 'keyhold-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    serverVersion: 'test',
    kind: 'manual',
    kdf: recipient.kdf,
    recipient: recipient.publicKey.toString('base64'),
    ephemeral: ephemeral.toString('base64'),
    chunkSize: CHUNK,
    files: [{ name: 'keyhold.db', size: plain.length }],
  };
  const encoded = encodeHeader(header);
  const hash = hashHeader(encoded);
  const chunks = [0, 1, 2].map((i) =>
    sealChunk(
      key,
      hash,
      i,
      i === finalAt,
      plain.subarray(i * CHUNK, Math.min((i + 1) * CHUNK, plain.length)),
    ),
  );
  return { header: encoded, chunks };
}

async function restore(bytes: Buffer): Promise<BackupError | Buffer> {
  const file = path.join(dir, `${randomBytes(4).toString('hex')}.khbak`);
  const target = path.join(dir, randomBytes(4).toString('hex'));
  writeFileSync(file, bytes);
  try {
    await restoreBackup({ from: file, dataDir: target, passphrase: PASSPHRASE });
    return readFileSync(path.join(target, 'keyhold.db'));
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw error;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-format-'));
  recipient = await recipientFor(PASSPHRASE, { memoryKiB: 1024, iterations: 1, parallelism: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the backup format', () => {
  it('restores what was sealed, byte for byte', async () => {
    const { header, chunks } = build();
    expect(await restore(Buffer.concat([header, ...chunks]))).toEqual(plain);
  });

  it('refuses two chunks swapped', async () => {
    const { header, chunks } = build();
    const [a, b, c] = chunks as [Buffer, Buffer, Buffer];
    expect(await restore(Buffer.concat([header, b, a, c]))).toMatchObject({ code: 'integrity' });
  });

  it('refuses a chunk taken from another backup to the same passphrase', async () => {
    const one = build();
    const other = build();
    const [a, , c] = one.chunks as [Buffer, Buffer, Buffer];
    expect(await restore(Buffer.concat([one.header, a, other.chunks[1] as Buffer, c]))).toMatchObject({
      code: 'integrity',
    });
  });

  it('refuses a backup whose last chunk is not sealed as the last (a cut at a chunk boundary)', async () => {
    const { header, chunks } = build(3);
    expect(await restore(Buffer.concat([header, ...chunks]))).toMatchObject({ code: 'integrity' });
  });
});
