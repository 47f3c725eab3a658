// Writes one encrypted backup: an online SQLite snapshot plus the TLS files, sealed chunk by chunk into the folder.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { ioError } from './backup-error.ts';
import {
  type BackupHeader,
  type BackupKind,
  CHUNK_SIZE,
  type DataFileName,
  encodeHeader,
  FORMAT_VERSION,
  hashHeader,
  newFileKey,
  type Recipient,
  sealChunk,
} from './backup-format.ts';

/** Where snapshots live for the seconds it takes to seal them: inside the data folder, owner-only. */
export const WORK_FOLDER = 'backup-work';

export interface WriteBackupOptions {
  /** The writer connection: writes made through it while the copy runs are carried into the copy. */
  sqlite: BetterSqlite3.Database;
  dataDir: string;
  folder: string;
  name: string;
  kind: BackupKind;
  recipient: Recipient;
  createdAt: Date;
  serverVersion: string;
}

/** Removes snapshots a crash left behind: they must never outlive the backup they were made for. */
export function sweepWorkFolder(dataDir: string): void {
  const work = path.join(dataDir, WORK_FOLDER);
  if (!existsSync(work)) return;
  for (const entry of readdirSync(work)) rmSync(path.join(work, entry), { force: true, recursive: true });
}

/**
 * The snapshot is taken with SQLite's online backup API, a few hundred pages at a time between which the
 * server keeps serving; a page the server changes through the same connection meanwhile is copied again, so
 * the copy is the database as it stands when the copy ends. The plain snapshot is in the data folder beside
 * the live database (whose contents it equals, at-rest encrypted under the keyring) only until it is sealed.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<{ size: number }> {
  const work = path.join(options.dataDir, WORK_FOLDER);
  const snapshot = path.join(work, `${randomBytes(12).toString('hex')}.db`);
  const target = path.join(options.folder, options.name);
  const partial = `${target}.partial`;
  let output: FileHandle | null = null;
  let done = false;
  try {
    mkdirSync(work, { recursive: true, mode: 0o700 });
    mkdirSync(options.folder, { recursive: true, mode: 0o700 });
    // Made owner-only before SQLite opens it, so the copy is never readable by others, even for a moment.
    await (await open(snapshot, 'wx', 0o600)).close();
    await options.sqlite.backup(snapshot, { progress: () => 256 });
    const files: { name: DataFileName; content: Buffer | FileHandle; size: number }[] = [];
    const database = await open(snapshot, 'r');
    try {
      files.push({ name: 'keyhold.db', content: database, size: (await database.stat()).size });
      for (const name of ['tls/ca.pem', 'tls/server.pem', 'tls/server-key.pem'] as const) {
        const file = path.join(options.dataDir, name);
        if (!existsSync(file)) continue;
        const content = await readFile(file);
        files.push({ name, content, size: content.length });
      }
      const header: BackupHeader = {
        format: 'keyhold-backup',
        version: FORMAT_VERSION,
        createdAt: options.createdAt.toISOString(),
        serverVersion: options.serverVersion,
        kind: options.kind,
        kdf: options.recipient.kdf,
        recipient: options.recipient.publicKey.toString('base64'),
        ephemeral: '',
        chunkSize: CHUNK_SIZE,
        files: files.map(({ name, size }) => ({ name, size })),
      };
      const { key, ephemeral } = newFileKey(options.recipient);
      try {
        header.ephemeral = ephemeral.toString('base64');
        const encoded = encodeHeader(header);
        const headerHash = hashHeader(encoded);
        output = await open(partial, 'wx', 0o600);
        let written = 0;
        const write = async (bytes: Buffer) => {
          await output?.write(bytes);
          written += bytes.length;
        };
        await write(encoded);
        const total = files.reduce((sum, f) => sum + f.size, 0);
        const chunks = Math.max(1, Math.ceil(total / CHUNK_SIZE));
        let index = 0;
        for await (const plain of plaintextChunks(files, CHUNK_SIZE)) {
          await write(sealChunk(key, headerHash, index, index === chunks - 1, plain));
          plain.fill(0);
          index++;
        }
        if (index !== chunks) throw new Error('the snapshot changed size while it was being sealed');
        await output.sync();
        await output.close();
        output = null;
        await rename(partial, target);
        done = true;
        return { size: written };
      } finally {
        key.fill(0);
      }
    } finally {
      await database.close();
    }
  } catch (error) {
    throw ioError('writing the backup', error);
  } finally {
    await output?.close().catch(() => undefined);
    if (!done) await rm(partial, { force: true });
    for (const suffix of ['', '-journal', '-wal', '-shm']) await rm(snapshot + suffix, { force: true });
  }
}

/** The files one after another, in pieces of exactly `size` bytes but the last. */
async function* plaintextChunks(
  files: { content: Buffer | FileHandle; size: number }[],
  size: number,
): AsyncGenerator<Buffer> {
  let chunk = Buffer.alloc(size);
  let filled = 0;
  for (const file of files) {
    let offset = 0;
    while (offset < file.size) {
      const want = Math.min(size - filled, file.size - offset);
      if (Buffer.isBuffer(file.content)) {
        file.content.copy(chunk, filled, offset, offset + want);
      } else {
        const { bytesRead } = await file.content.read(chunk, filled, want, offset);
        if (bytesRead !== want) throw new Error('the snapshot changed size while it was being sealed');
      }
      filled += want;
      offset += want;
      if (filled === size) {
        yield chunk;
        chunk = Buffer.alloc(size);
        filled = 0;
      }
    }
  }
  // An empty plaintext still makes one (final) chunk, so a file cut right after its header is caught.
  if (filled > 0 || files.every((f) => f.size === 0)) yield chunk.subarray(0, filled);
}
