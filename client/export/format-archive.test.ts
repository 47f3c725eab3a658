import { describe, expect, it } from 'vitest';
import { sampleRecords, withoutSource } from '../../tests/fixtures/import/sample-records.ts';
import { fromBase64, TEST_KDF_PARAMS, toBase64 } from '../crypto/index.ts';
import {
  ArchivePasswordError,
  ImportFormatError,
  openArchive,
  parseImport,
  sealArchive,
} from '../import/index.ts';

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

/** Flips one bit of a base64 field of the envelope. */
function tamper(archive: string, field: 'ciphertext' | 'nonce', at: number): string {
  const envelope = JSON.parse(archive);
  const bytes = fromBase64(envelope[field]);
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return JSON.stringify({ ...envelope, [field]: toBase64(bytes) });
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
    expect(JSON.parse(archive)).toMatchObject({
      format: 'keyhold-archive',
      version: 1,
      kdf: TEST_KDF_PARAMS,
    });
  });

  it('uses the real 64 MiB Argon2id parameters unless told otherwise', async () => {
    const archive = await sealArchive(sampleRecords.slice(0, 1), PASSWORD);
    expect(JSON.parse(archive).kdf).toEqual({
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
    expect(await errorOf(openArchive(tamper(archive, 'ciphertext', 40), PASSWORD))).toBe(altered);
    expect(await errorOf(openArchive(tamper(archive, 'nonce', 3), PASSWORD))).toBe(altered);
    const envelope = JSON.parse(archive);
    const cut = JSON.stringify({ ...envelope, ciphertext: envelope.ciphertext.slice(0, -8) });
    expect(await errorOf(openArchive(cut, PASSWORD))).toBe(altered);
    // Cheaper KDF parameters change the key, so the password no longer matches: nothing opens.
    const weaker = JSON.stringify({ ...envelope, kdf: { ...envelope.kdf, memoryKiB: 2048 } });
    expect(await errorOf(openArchive(weaker, PASSWORD))).toBe('password: wrong_password');
  });

  it('refuses what is not an archive, before asking for a password', async () => {
    expect(await errorOf(parseImport('keyhold-archive', '{"format":"keyhold-archive","version":2}'))).toMatch(
      /^format: file: not a readable Keyhold archive: version/,
    );
    expect(await errorOf(openArchive('not json', PASSWORD))).toBe(
      'format: file: not a Keyhold archive (not JSON)',
    );
  });
});
