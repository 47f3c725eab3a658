// What every version of Keyhold's archive shares: the password error, the keys derived from the password,
// and the checks on the fields that carry them.
import type { KdfParamsInput } from '../../contract/common.ts';
import { fromBase64 } from '../crypto/encoding.ts';
import { derivePasswordKeys } from '../crypto/kdf.ts';
import { ImportFormatError } from '../import/import-types.ts';

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

/** The encryption key and, beside it, a key check that tells a wrong password from an altered archive. */
export async function deriveArchiveKeys(password: string, salt: Uint8Array, kdf: KdfParamsInput) {
  const [key, check] = await derivePasswordKeys(password, salt, kdf, [
    'keyhold/v1/archive/key',
    'keyhold/v1/archive/check',
  ]);
  return { key, check };
}

/** The schema checked the alphabet; a length that is not a multiple of 4 is still refused here, by field. */
export function decodeField(field: string, text: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch {
    throw new ImportFormatError('file', `not a readable Keyhold archive: ${field} is not valid base64`);
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** The first problem zod found, as the import's error names it. */
export function unreadable(issues: readonly { path: PropertyKey[]; message: string }[]): ImportFormatError {
  const issue = issues[0];
  return new ImportFormatError(
    'file',
    `not a readable Keyhold archive: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
  );
}

export const altered = () =>
  new ImportFormatError(
    'file',
    'the archive has been altered or damaged: it does not open with its own password',
  );
