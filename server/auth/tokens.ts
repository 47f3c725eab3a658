// Random tokens and codes, and the one-way hashes under which they are stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A session token: 256 bits from the OS CSPRNG, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A one-time enrollment code: 160 bits in Crockford base32, grouped by four for reading aloud. */
export function newEnrollmentCode(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += crockford[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{1,4}/g)?.join('-') ?? out;
}

/** Codes are compared without dashes, spaces or case, and with the usual look-alikes folded. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function hashEnrollmentCode(code: string): string {
  return sha256Hex(`keyhold/enrollment/${normalizeEnrollmentCode(code)}`);
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
