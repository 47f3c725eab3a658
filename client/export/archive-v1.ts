// Reads the first version of Keyhold's archive (one JSON line: the envelope and one ciphertext of every
// record), which this version still opens; archives are no longer written this way.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { z } from 'zod';
import { base64Schema, kdfParamsSchema } from '../../contract/common.ts';
import { utf8Decode, utf8Encode } from '../crypto/encoding.ts';
import { ImportFormatError, type ImportRecord } from '../import/import-types.ts';
import { fromKeyholdRecords } from '../import/keyhold-records.ts';
import {
  ArchivePasswordError,
  altered,
  decodeField,
  deriveArchiveKeys,
  sameBytes,
  unreadable,
} from './archive-keys.ts';

export const envelopeV1Schema = z.object({
  format: z.literal('keyhold-archive'),
  version: z.literal(1),
  kdf: kdfParamsSchema,
  salt: base64Schema(64).min(22),
  nonce: base64Schema(32).length(32),
  /** A key check derived beside the encryption key: tells a wrong password from an altered archive. */
  check: base64Schema(64).length(44),
  ciphertext: base64Schema(Number.MAX_SAFE_INTEGER).min(24),
});
type EnvelopeV1 = z.infer<typeof envelopeV1Schema>;

/** Everything in the envelope but the ciphertext is authenticated, so no parameter can be swapped. */
const headerAad = (e: Omit<EnvelopeV1, 'ciphertext'>): Uint8Array =>
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

const payloadSchema = z.object({ records: z.array(z.unknown()) });

/** A version 1 envelope, already parsed as JSON: its records, once the password opens it. */
export async function openArchiveV1(json: unknown, password: string): Promise<ImportRecord[]> {
  const parsed = envelopeV1Schema.safeParse(json);
  if (!parsed.success) throw unreadable(parsed.error.issues);
  const envelope = parsed.data;
  const salt = decodeField('salt', envelope.salt);
  const nonce = decodeField('nonce', envelope.nonce);
  const expected = decodeField('check', envelope.check);
  const ciphertext = decodeField('ciphertext', envelope.ciphertext);
  if (password === '') throw new ArchivePasswordError('missing_password');
  const { key, check } = await deriveArchiveKeys(password, salt, envelope.kdf);
  if (!sameBytes(check, expected)) throw new ArchivePasswordError('wrong_password');
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(key, nonce, headerAad(envelope)).decrypt(ciphertext);
  } catch {
    throw altered();
  } finally {
    key.fill(0);
  }
  return fromKeyholdRecords(archivedPayload(plaintext, payloadSchema).records);
}

/** The records part of an archive once opened, as `schema` reads it; refused alike when it is not JSON. */
export function archivedPayload<T>(plaintext: Uint8Array, schema: z.ZodType<T>): T {
  let payload: unknown;
  try {
    payload = JSON.parse(utf8Decode(plaintext));
  } catch {
    throw new ImportFormatError('file', 'the archive opened but holds no Keyhold records');
  }
  const content = schema.safeParse(payload);
  if (!content.success)
    throw new ImportFormatError('file', 'the archive opened but holds no Keyhold records');
  return content.data;
}
