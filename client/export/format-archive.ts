// Keyhold's password-protected export: records as JSON, sealed with XChaCha20-Poly1305 under an Argon2id key.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { base64Schema, type KdfParamsInput, kdfParamsSchema } from '../../contract/common.ts';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../crypto/encoding.ts';
import { DEFAULT_KDF_PARAMS, derivePasswordKeys } from '../crypto/kdf.ts';
import { ImportFormatError, type ImportRecord } from '../import/import-types.ts';
import { fromKeyholdRecords, toKeyholdRecord } from '../import/keyhold-records.ts';

/** No password, or not the one the archive was sealed with: the caller should ask (again). */
export class ArchivePasswordError extends Error {
  readonly code: 'missing_password' | 'wrong_password';
  constructor(code: 'missing_password' | 'wrong_password') {
    super(
      code === 'missing_password'
        ? 'this Keyhold archive is protected: give its password'
        : 'the password does not open this Keyhold archive',
    );
    this.name = 'ArchivePasswordError';
    this.code = code;
  }
}

const envelopeSchema = z.object({
  format: z.literal('keyhold-archive'),
  version: z.literal(1),
  kdf: kdfParamsSchema,
  salt: base64Schema(64).min(22),
  nonce: base64Schema(32).length(32),
  /** A key check derived beside the encryption key: tells a wrong password from an altered archive. */
  check: base64Schema(64).length(44),
  ciphertext: base64Schema(Number.MAX_SAFE_INTEGER).min(24),
});
type Envelope = z.infer<typeof envelopeSchema>;

const payloadSchema = z.object({ records: z.array(z.unknown()) });

async function deriveKeys(password: string, salt: Uint8Array, kdf: KdfParamsInput) {
  const [key, check] = await derivePasswordKeys(password, salt, kdf, [
    'keyhold/v1/archive/key',
    'keyhold/v1/archive/check',
  ]);
  return { key, check };
}

/** Everything in the envelope but the ciphertext is authenticated, so no parameter can be swapped. */
const headerAad = (e: Omit<Envelope, 'ciphertext'>): Uint8Array =>
  utf8Encode(
    JSON.stringify([
      e.format,
      e.version,
      e.kdf.algorithm,
      e.kdf.memoryKiB,
      e.kdf.iterations,
      e.kdf.parallelism,
      e.salt,
      e.nonce,
      e.check,
    ]),
  );

/** The schema checked the alphabet; a length that is not a multiple of 4 is still refused here, by field. */
function decode(field: string, text: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch {
    throw new ImportFormatError('file', `not a readable Keyhold archive: ${field} is not valid base64`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function sealArchive(
  records: ImportRecord[],
  password: string,
  kdf: KdfParamsInput = DEFAULT_KDF_PARAMS,
): Promise<string> {
  if (password === '') throw new ArchivePasswordError('missing_password');
  const params = kdfParamsSchema.parse(kdf);
  const salt = randomBytes(16);
  const nonce = randomBytes(24);
  const { key, check } = await deriveKeys(password, salt, params);
  const header = {
    format: 'keyhold-archive' as const,
    version: 1 as const,
    kdf: params,
    salt: toBase64(salt),
    nonce: toBase64(nonce),
    check: toBase64(check),
  };
  const plaintext = utf8Encode(JSON.stringify({ records: records.map(toKeyholdRecord) }));
  const ciphertext = xchacha20poly1305(key, nonce, headerAad(header)).encrypt(plaintext);
  key.fill(0);
  plaintext.fill(0);
  return `${JSON.stringify({ ...header, ciphertext: toBase64(ciphertext) } satisfies Envelope)}\n`;
}

export async function openArchive(text: string, password: string): Promise<ImportRecord[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportFormatError('file', 'not a Keyhold archive (not JSON)');
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportFormatError(
      'file',
      `not a readable Keyhold archive: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const envelope = parsed.data;
  const salt = decode('salt', envelope.salt);
  const nonce = decode('nonce', envelope.nonce);
  const expected = decode('check', envelope.check);
  const ciphertext = decode('ciphertext', envelope.ciphertext);
  if (password === '') throw new ArchivePasswordError('missing_password');
  const { key, check } = await deriveKeys(password, salt, envelope.kdf);
  if (!sameBytes(check, expected)) throw new ArchivePasswordError('wrong_password');
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(key, nonce, headerAad(envelope)).decrypt(ciphertext);
  } catch {
    throw new ImportFormatError(
      'file',
      'the archive has been altered or damaged: it does not open with its own password',
    );
  } finally {
    key.fill(0);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(utf8Decode(plaintext));
  } catch {
    throw new ImportFormatError('file', 'the archive opened but holds no Keyhold records');
  }
  const content = payloadSchema.safeParse(payload);
  if (!content.success)
    throw new ImportFormatError('file', 'the archive opened but holds no Keyhold records');
  return fromKeyholdRecords(content.data.records);
}
