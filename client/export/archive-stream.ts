// Keyhold's archive, version 2: the records and the files of the items, sealed under one password, written
// and read a line at a time so that a file of any size passes through a chunk at a time.
//
// Line 1 is the header (format, version, KDF parameters, salt, key check) in the clear; every other line is
// one frame, base64 of a 24-byte nonce and its XChaCha20-Poly1305 ciphertext. Line 2 holds the records and
// the list of files (each file's record, name, type and size); then each file's chunks follow in that order.
// Each frame's additional data is the header and the frame's place ("records", or the file's number, the
// chunk's index and whether it is the last), so no frame can be moved, dropped, repeated or cut short unseen.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { base64Schema, type KdfParamsInput, kdfParamsSchema } from '../../contract/common.ts';
import { rechunk } from '../attachments/chunk-stream.ts';
import { concatBytes, fromBase64, toBase64, utf8Encode } from '../crypto/encoding.ts';
import { DEFAULT_KDF_PARAMS } from '../crypto/kdf.ts';
import { ImportFormatError, type ImportRecord, type OnProgress } from '../import/import-types.ts';
import { fromKeyholdRecords, toKeyholdRecord } from '../import/keyhold-records.ts';
import {
  ArchivePasswordError,
  altered,
  decodeField,
  deriveArchiveKeys,
  sameBytes,
  unreadable,
} from './archive-keys.ts';
import { archivedPayload, openArchiveV1 } from './archive-v1.ts';

/** Plaintext bytes per file frame: one line of about 1.4 MB, the same size as an attachment's chunk. */
export const ARCHIVE_CHUNK_BYTES = 1024 * 1024;
const NONCE = 24;
const TAG = 16;

const headerSchema = z.object({
  format: z.literal('keyhold-archive'),
  version: z.literal(2),
  kdf: kdfParamsSchema,
  salt: base64Schema(64).min(22),
  check: base64Schema(64).length(44),
});
type Header = z.infer<typeof headerSchema>;

/** Only which version it is, so that each version's own schema names what is wrong. */
const versionSchema = z.object({
  format: z.literal('keyhold-archive'),
  version: z.union([z.literal(1), z.literal(2)]),
});

/** A file as the archive lists it: which record (by its place in the records) it belongs to. */
export const archivedFileSchema = z.object({
  record: z.int().min(0),
  name: z.string().min(1).max(1024),
  type: z.string().max(255),
  size: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type ArchivedFile = z.infer<typeof archivedFileSchema>;

const payloadSchema = z.object({ records: z.array(z.unknown()), files: z.array(archivedFileSchema) });

/** A file to write into an archive: listed with the records, its bytes read only when its turn comes. */
export interface ArchiveFileSource extends ArchivedFile {
  open(): AsyncIterable<Uint8Array>;
}

export const framesFor = (size: number) => Math.max(1, Math.ceil(size / ARCHIVE_CHUNK_BYTES));

const chunkLabel = (file: number, index: number, final: boolean) =>
  `file/${file}/chunk/${index}/${final ? 'final' : 'more'}`;

const frameAad = (h: Header, label: string): Uint8Array =>
  utf8Encode(
    JSON.stringify([
      h.format,
      h.version,
      h.kdf.algorithm,
      h.kdf.memoryKiB,
      h.kdf.iterations,
      h.kdf.parallelism,
      h.salt,
      h.check,
      label,
    ]),
  );

function sealFrame(key: Uint8Array, header: Header, label: string, plaintext: Uint8Array): string {
  const nonce = randomBytes(NONCE);
  const sealed = xchacha20poly1305(key, nonce, frameAad(header, label)).encrypt(plaintext);
  return toBase64(concatBytes(nonce, sealed));
}

function openFrame(key: Uint8Array, header: Header, label: string, line: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(line);
  } catch {
    throw altered();
  }
  if (bytes.length < NONCE + TAG) throw altered();
  try {
    return xchacha20poly1305(key, bytes.subarray(0, NONCE), frameAad(header, label)).decrypt(
      bytes.subarray(NONCE),
    );
  } catch {
    throw altered();
  }
}

/** Seals one file's bytes as frames. A frame is only known to be the last once the next read finds nothing. */
async function* fileFrames(
  key: Uint8Array,
  header: Header,
  number: number,
  file: ArchiveFileSource,
): AsyncGenerator<{ line: string; bytes: number }> {
  let index = 0;
  let held: Uint8Array | null = null;
  let total = 0;
  for await (const piece of rechunk(file.open(), ARCHIVE_CHUNK_BYTES)) {
    if (held) {
      yield { line: sealFrame(key, header, chunkLabel(number, index, false), held), bytes: held.length };
      index++;
    }
    total += piece.length;
    held = piece;
  }
  // The list was written first: a file that changed size meanwhile would make an archive that cannot open.
  if (total !== file.size) {
    throw new Error(
      `file ${number + 1} of the archive was ${file.size} bytes when listed and is ${total} now`,
    );
  }
  const last = held ?? new Uint8Array();
  yield { line: sealFrame(key, header, chunkLabel(number, index, true), last), bytes: last.length };
}

/**
 * Writes an archive through `write`, a line (with its '\n') at a time, awaited each time so that one file
 * frame at a time is in memory. `files` are written in order; their `record` is a place in `records`.
 */
export async function writeArchive(
  records: ImportRecord[],
  files: ArchiveFileSource[],
  password: string,
  write: (line: string) => Promise<void> | void,
  options: { kdf?: KdfParamsInput; onProgress?: OnProgress } = {},
): Promise<void> {
  if (password === '') throw new ArchivePasswordError('missing_password');
  const kdf = kdfParamsSchema.parse(options.kdf ?? DEFAULT_KDF_PARAMS);
  for (const file of files) {
    if (!Number.isInteger(file.record) || file.record < 0 || file.record >= records.length) {
      throw new RangeError(`a file names record ${file.record}, which the archive does not hold`);
    }
  }
  const salt = randomBytes(16);
  const { key, check } = await deriveArchiveKeys(password, salt, kdf);
  try {
    const header: Header = {
      format: 'keyhold-archive',
      version: 2,
      kdf,
      salt: toBase64(salt),
      check: toBase64(check),
    };
    await write(`${JSON.stringify(header)}\n`);
    const listed = files.map(({ record, name, type, size }) => ({ record, name, type, size }));
    const plaintext = utf8Encode(JSON.stringify({ records: records.map(toKeyholdRecord), files: listed }));
    const recordsLine = sealFrame(key, header, 'records', plaintext);
    plaintext.fill(0);
    await write(`${recordsLine}\n`);
    const total = files.reduce((n, f) => n + f.size, 0);
    let done = 0;
    if (files.length > 0) options.onProgress?.({ phase: 'files', done, total });
    for (const [number, file] of files.entries()) {
      for await (const frame of fileFrames(key, header, number, file)) {
        await write(`${frame.line}\n`);
        done += frame.bytes;
        options.onProgress?.({ phase: 'files', done, total });
      }
    }
  } finally {
    key.fill(0);
  }
}

/** An archive opened with its password: the records and the list of files, whose bytes are read on demand. */
export interface OpenedArchive {
  version: 1 | 2;
  records: ImportRecord[];
  files: ArchivedFile[];
  /**
   * Each file in the archive's order with its bytes, opened and checked as they are read (a frame that does
   * not open throws before its bytes are given). Read once; a file left unread is skipped unopened.
   */
  contents(): AsyncGenerator<{ file: ArchivedFile; bytes: AsyncGenerator<Uint8Array> }>;
  /** Wipes the key when the files are not going to be read to the end. */
  close(): void;
}

const nothing = async function* () {};

/** The first line as JSON and its version, or the error that says why this is no archive. */
function headerOf(line: string | undefined): { json: unknown; version: 1 | 2 } {
  if (line === undefined) throw new ImportFormatError('file', 'not a Keyhold archive (the file is empty)');
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new ImportFormatError('file', 'not a Keyhold archive (not JSON)');
  }
  const known = versionSchema.safeParse(json);
  if (!known.success) throw unreadable(known.error.issues);
  return { json, version: known.data.version };
}

/**
 * Opens an archive of either version from its lines: the header is checked before the password is used,
 * so a file that is no archive says so instead of asking for one.
 */
export async function readArchive(lines: AsyncIterable<string>, password: string): Promise<OpenedArchive> {
  const source = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const step = await source.next();
    return step.done ? undefined : step.value;
  };
  const { json, version } = headerOf(await next());
  if (version === 1) {
    const records = await openArchiveV1(json, password);
    await source.return?.();
    return { version, records, files: [], contents: nothing, close: () => undefined };
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) throw unreadable(parsed.error.issues);
  const header = parsed.data;
  const salt = decodeField('salt', header.salt);
  const expected = decodeField('check', header.check);
  if (password === '') throw new ArchivePasswordError('missing_password');
  const { key, check } = await deriveArchiveKeys(password, salt, header.kdf);
  if (!sameBytes(check, expected)) {
    key.fill(0);
    throw new ArchivePasswordError('wrong_password');
  }
  let records: ImportRecord[];
  let files: ArchivedFile[];
  try {
    const line = await next();
    if (line === undefined) throw altered();
    const content = archivedPayload(openFrame(key, header, 'records', line), payloadSchema);
    records = fromKeyholdRecords(content.records);
    files = content.files;
    const stray = files.findIndex((f) => f.record >= records.length);
    if (stray !== -1) throw new ImportFormatError(`file ${stray + 1}`, 'belongs to no record of the archive');
  } catch (error) {
    key.fill(0);
    throw error;
  }

  const where = (number: number) => {
    const file = files[number] as ArchivedFile;
    return `${records[file.record]?.source ?? 'record'}, file ${number + 1}`;
  };
  const cutShort = (number: number) => new ImportFormatError(where(number), 'the archive is cut short here');

  async function* fileBytes(number: number, state: { read: number; left: boolean }) {
    const file = files[number] as ArchivedFile;
    const count = framesFor(file.size);
    while (state.read < count) {
      if (state.left) throw new Error('this file of the archive was left; its bytes are gone');
      const index = state.read;
      const line = await next();
      if (line === undefined) throw cutShort(number);
      const final = index === count - 1;
      let plain: Uint8Array;
      try {
        plain = openFrame(key, header, chunkLabel(number, index, final), line);
      } catch {
        throw new ImportFormatError(
          where(number),
          'the archive has been altered or damaged here: this file does not open with its own password',
        );
      }
      const expectedLength = final ? file.size - ARCHIVE_CHUNK_BYTES * (count - 1) : ARCHIVE_CHUNK_BYTES;
      if (plain.length !== expectedLength) throw altered();
      state.read++;
      yield plain;
    }
  }

  async function* contents() {
    try {
      for (const [number, file] of files.entries()) {
        const state = { read: 0, left: false };
        yield { file, bytes: fileBytes(number, state) };
        // What the reader did not take is skipped unopened, so the next file starts at its own first frame.
        state.left = true;
        const count = framesFor(file.size);
        for (; state.read < count; state.read++) if ((await next()) === undefined) throw cutShort(number);
      }
      const extra = await next();
      if (extra !== undefined && extra !== '') {
        throw new ImportFormatError('file', 'the archive holds more than its list of files says');
      }
    } finally {
      key.fill(0);
      await source.return?.();
    }
  }

  return { version, records, files, contents, close: () => key.fill(0) };
}
