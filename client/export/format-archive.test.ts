import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleRecords, withoutSource } from '../../tests/fixtures/import/sample-records.ts';
import { concatBytes, fromBase64, TEST_KDF_PARAMS, toBase64, utf8Encode } from '../crypto/index.ts';
import {
  ArchivePasswordError,
  ImportFormatError,
  openArchive,
  parseImport,
  sealArchive,
} from '../import/index.ts';
import { linesOfText, textLines } from './archive-lines.ts';
import { type ArchiveFileSource, readArchive, writeArchive } from './format-archive.ts';

const PASSWORD = 'archive pässword';

const errorOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'opened';
  } catch (error) {
    if (error instanceof ArchivePasswordError) return `password: ${error.code}`;
    if (error instanceof ImportFormatError) return `format: ${error.message}`;
    return String(error);
  }
};

const linesOf = (archive: string) => archive.split('\n');
const headerOf = (archive: string) => JSON.parse(linesOf(archive)[0] ?? '');

/** Flips one bit of a frame (line `line`, byte `at`: the nonce is bytes 0–23, the ciphertext after). */
function tamper(archive: string, line: number, at: number): string {
  const lines = linesOf(archive);
  const bytes = fromBase64(lines[line] ?? '');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  lines[line] = toBase64(bytes);
  return lines.join('\n');
}

describe('Keyhold archive', () => {
  it('gives back exactly the records sealed in it, through parseImport', async () => {
    const archive = await sealArchive(sampleRecords, PASSWORD, TEST_KDF_PARAMS);
    const { format, records } = await parseImport('keyhold-archive', archive, { password: PASSWORD });
    expect(format).toBe('keyhold-archive');
    expect(withoutSource(records)).toEqual(withoutSource(sampleRecords));
    expect(records.map((r) => r.source)).toEqual(sampleRecords.map((_, i) => `record ${i + 1}`));
  });

  it('shows no value, name or note in the file, and records its KDF parameters', async () => {
    const archive = await sealArchive(sampleRecords, PASSWORD, TEST_KDF_PARAMS);
    for (const word of ['p@ss', 'app_rw', 'Deploy key', 'stripe', 'prod', 'Work', '1111']) {
      expect(archive).not.toContain(word);
    }
    expect(headerOf(archive)).toMatchObject({
      format: 'keyhold-archive',
      version: 2,
      kdf: TEST_KDF_PARAMS,
    });
  });

  it('uses the real 64 MiB Argon2id parameters unless told otherwise', async () => {
    const archive = await sealArchive(sampleRecords.slice(0, 1), PASSWORD);
    expect(headerOf(archive).kdf).toEqual({
      algorithm: 'argon2id',
      memoryKiB: 65536,
      iterations: 3,
      parallelism: 1,
    });
    expect(withoutSource(await openArchive(archive, PASSWORD))).toEqual(
      withoutSource(sampleRecords.slice(0, 1)),
    );
  });

  it('asks for a password when none is given, and refuses a wrong one', async () => {
    const archive = await sealArchive(sampleRecords, PASSWORD, TEST_KDF_PARAMS);
    expect(await errorOf(parseImport('keyhold-archive', archive))).toBe('password: missing_password');
    expect(await errorOf(parseImport('keyhold-archive', archive, { password: '' }))).toBe(
      'password: missing_password',
    );
    expect(await errorOf(parseImport('keyhold-archive', archive, { password: 'archive password' }))).toBe(
      'password: wrong_password',
    );
  });

  it('refuses an altered archive instead of returning altered records', async () => {
    const archive = await sealArchive(sampleRecords, PASSWORD, TEST_KDF_PARAMS);
    const altered =
      'format: file: the archive has been altered or damaged: it does not open with its own password';
    expect(await errorOf(openArchive(tamper(archive, 1, 40), PASSWORD))).toBe(altered);
    expect(await errorOf(openArchive(tamper(archive, 1, 3), PASSWORD))).toBe(altered);
    const [header, records, ...rest] = linesOf(archive);
    const cut = [header, (records ?? '').slice(0, -8), ...rest].join('\n');
    expect(await errorOf(openArchive(cut, PASSWORD))).toBe(altered);
    expect(await errorOf(openArchive(`${header}\n`, PASSWORD))).toBe(altered);
    // Cheaper KDF parameters change the key, so the password no longer matches: nothing opens.
    const envelope = headerOf(archive);
    const weaker = [
      JSON.stringify({ ...envelope, kdf: { ...envelope.kdf, memoryKiB: 2048 } }),
      records,
      ...rest,
    ];
    expect(await errorOf(openArchive(weaker.join('\n'), PASSWORD))).toBe('password: wrong_password');
    // A different salt is a different key: the records frame, bound to the header, does not open.
    const salted = [JSON.stringify({ ...envelope, salt: toBase64(new Uint8Array(16)) }), records, ...rest];
    expect(await errorOf(openArchive(salted.join('\n'), PASSWORD))).toBe('password: wrong_password');
  });

  it('refuses what is not an archive, before asking for a password', async () => {
    expect(await errorOf(parseImport('keyhold-archive', '{"format":"keyhold-archive","version":3}'))).toMatch(
      /^format: file: not a readable Keyhold archive: version/,
    );
    expect(await errorOf(openArchive('not json', PASSWORD))).toBe(
      'format: file: not a Keyhold archive (not JSON)',
    );
  });

  it('still opens an archive written in version 1 (one JSON line), and asks for its password', async () => {
    const v1 = readFileSync(
      new URL('../../tests/fixtures/import/archive-v1.keyhold', import.meta.url),
      'utf8',
    );
    expect(JSON.parse(v1)).toMatchObject({ format: 'keyhold-archive', version: 1 });
    expect(withoutSource(await openArchive(v1, PASSWORD))).toEqual(withoutSource(sampleRecords));
    expect(await errorOf(parseImport('keyhold-archive', v1))).toBe('password: missing_password');
    expect(await errorOf(openArchive(v1, 'archive password'))).toBe('password: wrong_password');
  });
});

describe('Keyhold archive with files (version 2)', () => {
  const MiB = 1024 * 1024;
  /** Bytes no run of which looks like text, and a file whose bytes are one repeated word. */
  const big = Uint8Array.from({ length: 2 * MiB + 12345 }, (_, i) => (i * 7919 + (i >> 9)) & 255);
  const marker = utf8Encode('PLAINTEXT-MARKER-'.repeat(4));
  const files = [
    { record: 0, name: 'kubeconfig-prod.yaml', type: 'application/yaml', size: big.length, bytes: big },
    { record: 0, name: 'empty-notes.txt', type: '', size: 0, bytes: new Uint8Array() },
    { record: 2, name: 'tiny-secret.txt', type: 'text/plain', size: marker.length, bytes: marker },
  ];
  /** A source that hands its bytes over in awkward pieces, as a disk or a download would. */
  const sources = (): ArchiveFileSource[] =>
    files.map(({ bytes, ...file }) => ({
      ...file,
      async *open() {
        for (let at = 0; at < bytes.length; at += 300_001) yield bytes.slice(at, at + 300_001);
      },
    }));
  const write = async (list = sources()) => {
    const lines: string[] = [];
    await writeArchive(
      sampleRecords,
      list,
      PASSWORD,
      (line) => {
        lines.push(line);
      },
      { kdf: TEST_KDF_PARAMS },
    );
    return lines.join('');
  };
  /** The archive as a file read from disk: byte pieces that cut lines (and characters) anywhere. */
  async function* asBytes(text: string) {
    const bytes = utf8Encode(text);
    for (let at = 0; at < bytes.length; at += 65_537) yield bytes.subarray(at, at + 65_537);
  }
  /** Large arrays are compared by their SHA-256: equal digests, equal bytes, and a fast comparison. */
  const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const concat = async (pieces: AsyncIterable<Uint8Array>) => {
    const out: Uint8Array[] = [];
    for await (const piece of pieces) out.push(piece);
    return concatBytes(...out);
  };

  it('gives back every file, byte for byte, on its record, read a line at a time', async () => {
    const archive = await write();
    // Header, records, then 3 frames for the big file and one each for the empty and the tiny one.
    expect(archive.split('\n').filter((l) => l !== '')).toHaveLength(2 + 3 + 1 + 1);
    const opened = await readArchive(textLines(asBytes(archive)), PASSWORD);
    expect(opened.version).toBe(2);
    expect(withoutSource(opened.records)).toEqual(withoutSource(sampleRecords));
    expect(opened.files).toEqual(files.map(({ bytes, ...file }) => file));
    const got: string[] = [];
    for await (const { bytes } of opened.contents()) got.push(digest(await concat(bytes)));
    expect(got).toEqual(files.map((f) => digest(f.bytes)));
  });

  it('shows neither the files’ names nor their bytes in the archive', async () => {
    const archive = await write();
    for (const word of ['kubeconfig', 'empty-notes', 'tiny-secret', 'PLAINTEXT-MARKER']) {
      expect(archive).not.toContain(word);
    }
    expect(archive).not.toContain(toBase64(marker).slice(0, 40));
    expect(archive).not.toContain(toBase64(big.subarray(0, 30)));
  });

  it('skips a file that is not read and gives the next one whole', async () => {
    const opened = await readArchive(linesOfText(await write()), PASSWORD);
    const got: (Uint8Array | null)[] = [];
    for await (const { file, bytes } of opened.contents()) {
      got.push(file.record === 0 && file.size > 0 ? null : await concat(bytes));
    }
    expect(got).toEqual([null, new Uint8Array(), marker]);
  });

  it('refuses a file frame altered, moved, dropped or cut short, naming the record and file', async () => {
    const archive = await write();
    const lines = archive.split('\n');
    const readAll = async (text: string) => {
      const opened = await readArchive(linesOfText(text), PASSWORD);
      for await (const { bytes } of opened.contents()) await concat(bytes);
    };
    const damaged = `format: record 1, file 1: the archive has been altered or damaged here: this file does not open with its own password`;
    expect(await errorOf(readAll(tamper(archive, 3, 30)))).toBe(damaged);
    const swapped = [...lines];
    [swapped[2], swapped[3]] = [swapped[3] ?? '', swapped[2] ?? ''];
    expect(await errorOf(readAll(swapped.join('\n')))).toBe(damaged);
    expect(await errorOf(readAll(lines.filter((_, i) => i !== 3).join('\n')))).toMatch(
      /^format: record 1, file 1: /,
    );
    expect(await errorOf(readAll(lines.slice(0, 4).join('\n')))).toBe(
      'format: record 1, file 1: the archive is cut short here',
    );
    expect(await errorOf(readAll(`${archive}${lines[2]}\n`))).toBe(
      'format: file: the archive holds more than its list of files says',
    );
  });

  it('writes nothing for a file whose size changed since it was listed', async () => {
    const list = sources();
    const first = list[0] as ArchiveFileSource;
    list[0] = { ...first, size: first.size + 1 };
    await expect(write(list)).rejects.toThrow(/was 2109498 bytes when listed and is 2109497 now/);
  });
});
