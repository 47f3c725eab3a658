// Restores an encrypted backup into a new data folder: checked whole before anything is written.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { type FileHandle, open, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { BackupError, ioError } from './backup-error.ts';
import {
  type BackupHeader,
  chunkCount,
  DATA_FILE_MODES,
  decodeHeader,
  hashHeader,
  headerLength,
  MAGIC,
  openChunk,
  openFileKey,
  TAG_LENGTH,
} from './backup-format.ts';

export interface RestoreOptions {
  /** The backup file. */
  from: string;
  /** The new data folder: absent or empty. */
  dataDir: string;
  passphrase: string;
}

export interface RestoreResult {
  header: BackupHeader;
  files: string[];
}

/** Reads and checks a backup's header (no passphrase needed): what `restore` shows before it asks. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const handle = await openBackup(file);
  try {
    return (await readHeader(handle)).header;
  } finally {
    await handle.close();
  }
}

/**
 * Refuses a target that holds anything, a wrong passphrase, and any altered or cut file, writing nothing in
 * those cases: every chunk is authenticated in a first pass, and only then are the files written.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const target = path.resolve(options.dataDir);
  checkTarget(target);
  const handle = await openBackup(options.from);
  try {
    const { header, headerHash, dataStart } = await readHeader(handle);
    const key = await openFileKey(options.passphrase, header);
    try {
      await forEachChunk(handle, header, headerHash, dataStart, key, async () => undefined);
      checkTarget(target);
      const written = await writeFiles(handle, header, headerHash, dataStart, key, target);
      return { header, files: written };
    } finally {
      key.fill(0);
    }
  } finally {
    await handle.close();
  }
}

function checkTarget(target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) {
    throw new BackupError('target_not_empty', 'the target exists and is not a folder: give a new folder');
  }
  if (readdirSync(target).length > 0) {
    throw new BackupError('target_not_empty', 'the target folder is not empty: restore into a new folder');
  }
}

async function openBackup(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new BackupError('not_found', 'the backup file does not exist');
    throw ioError('opening the backup', error);
  }
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

async function readHeader(handle: FileHandle) {
  const prefix = await readExactly(handle, MAGIC.length + 4, 0);
  const length = headerLength(prefix);
  const json = await readExactly(handle, length, prefix.length);
  if (json.length !== length) throw new BackupError('not_a_backup', 'the backup header is cut short');
  const header = decodeHeader(json);
  const dataStart = prefix.length + length;
  return { header, headerHash: hashHeader(Buffer.concat([prefix, json])), dataStart };
}

/** Opens every chunk in order; a missing, extra, moved or altered chunk is an integrity error. */
async function forEachChunk(
  handle: FileHandle,
  header: BackupHeader,
  headerHash: Buffer,
  dataStart: number,
  key: Buffer,
  use: (plain: Buffer) => Promise<void>,
): Promise<void> {
  const chunks = chunkCount(header);
  const total = header.files.reduce((sum, f) => sum + f.size, 0);
  let position = dataStart;
  for (let index = 0; index < chunks; index++) {
    const plainLength = index === chunks - 1 ? total - index * header.chunkSize : header.chunkSize;
    const sealed = await readExactly(handle, plainLength + TAG_LENGTH, position);
    if (sealed.length !== plainLength + TAG_LENGTH) {
      throw new BackupError('integrity', 'the backup is cut short: it is incomplete');
    }
    const plain = openChunk(key, headerHash, index, index === chunks - 1, sealed);
    position += sealed.length;
    try {
      await use(plain);
    } finally {
      plain.fill(0);
    }
  }
  if ((await readExactly(handle, 1, position)).length > 0) {
    throw new BackupError('integrity', 'the backup has data after its end: it was altered');
  }
}

async function writeFiles(
  handle: FileHandle,
  header: BackupHeader,
  headerHash: Buffer,
  dataStart: number,
  key: Buffer,
  target: string,
): Promise<string[]> {
  const createdTarget = !existsSync(target);
  const created: string[] = [];
  const createdFolders: string[] = [];
  let fileIndex = 0;
  let filled = 0;
  // In an object so the closures below and the clean-up see the same, un-narrowed value.
  const out: { current: FileHandle | null } = { current: null };
  const openNext = async () => {
    while (fileIndex < header.files.length) {
      const file = header.files[fileIndex];
      if (!file) break;
      const full = path.join(target, file.name);
      const folder = path.dirname(full);
      if (!existsSync(folder)) {
        mkdirSync(folder, { recursive: true, mode: 0o700 });
        createdFolders.push(folder);
      }
      const handle = await open(full, 'wx', DATA_FILE_MODES[file.name]);
      out.current = handle;
      created.push(full);
      if (file.size > 0) return;
      await handle.close();
      out.current = null;
      fileIndex++;
    }
  };
  try {
    if (createdTarget) mkdirSync(target, { recursive: true, mode: 0o700 });
    await openNext();
    await forEachChunk(handle, header, headerHash, dataStart, key, async (plain) => {
      let offset = 0;
      while (offset < plain.length) {
        const file = header.files[fileIndex];
        const handle = out.current;
        if (!file || !handle)
          throw new BackupError('integrity', 'the backup holds more than its header says');
        const take = Math.min(file.size - filled, plain.length - offset);
        await handle.write(plain.subarray(offset, offset + take));
        offset += take;
        filled += take;
        if (filled === file.size) {
          await handle.sync();
          await handle.close();
          out.current = null;
          filled = 0;
          fileIndex++;
          await openNext();
        }
      }
    });
    return header.files.map((f) => f.name);
  } catch (error) {
    // The file changed between the two passes, or the disk failed: leave the target as it was.
    await out.current?.close().catch(() => undefined);
    for (const file of created) await rm(file, { force: true });
    for (const folder of createdFolders.reverse()) await rmdir(folder).catch(() => undefined);
    if (createdTarget) await rmdir(target).catch(() => undefined);
    throw ioError('writing the restored files', error);
  }
}
