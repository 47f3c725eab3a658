// AES-256-GCM envelopes that carry their key term and are bound to where they are stored (AEAD data).
import { createCipheriv, createDecipheriv, type DecipherGCM, randomBytes } from 'node:crypto';
import { IntegrityError } from './errors.ts';

/** Where a ciphertext lives; the same bytes presented anywhere else fail to open. */
export interface Binding {
  table: string;
  id: string;
  column: string;
  version: number;
}

const FORMAT = 1;
const HEADER = 5; // format byte + 4-byte term
const NONCE = 12;
const TAG = 16;

export function bindingAad(b: Binding): Buffer {
  for (const part of [b.table, b.id, b.column]) {
    if (part.includes('|')) throw new Error('binding fields must not contain "|"');
  }
  return Buffer.from(`keyhold/v1|${b.table}|${b.id}|${b.column}|${b.version}`, 'utf8');
}

export function describeBinding(b: Binding): string {
  return `table ${b.table}, column ${b.column}`;
}

/** Nonces for this many seals are drawn from the CSPRNG at once: a call per seal cost an import ~4% of its time. */
const NONCES_PER_DRAW = 4096;
let nonces = Buffer.alloc(0);
let nextNonce = 0;

/** A fresh random nonce; each is handed out once (a spent pool is replaced, never reused). */
function freshNonce(): Buffer {
  if (nextNonce + NONCE > nonces.length) {
    nonces = randomBytes(NONCE * NONCES_PER_DRAW);
    nextNonce = 0;
  }
  const nonce = nonces.subarray(nextNonce, nextNonce + NONCE);
  nextNonce += NONCE;
  return nonce;
}

/**
 * Seals plaintext (bytes, or text as UTF-8) under key. The blob is built in one allocation, and text goes
 * to the cipher without a copy of its own: an import seals three columns a row, and the copies showed.
 */
export function sealWithKey(key: Buffer, term: number, plaintext: Buffer | string, aad: Buffer): Buffer {
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  // The header is authenticated too, so a blob cannot be relabelled with another term.
  const headed = Buffer.allocUnsafe(HEADER + aad.length);
  headed.writeUInt8(FORMAT, 0);
  headed.writeUInt32BE(term, 1);
  aad.copy(headed, HEADER);
  cipher.setAAD(headed);
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  // Empty for GCM, which is a stream mode; kept so that nothing is lost if that ever changes.
  const rest = cipher.final();
  // Every byte is written below; its own memory, not a slice of Node's shared pool, as it may be kept long.
  const blob = Buffer.allocUnsafeSlow(HEADER + NONCE + body.length + rest.length + TAG);
  headed.copy(blob, 0, 0, HEADER);
  nonce.copy(blob, HEADER);
  body.copy(blob, HEADER + NONCE);
  rest.copy(blob, HEADER + NONCE + body.length);
  cipher.getAuthTag().copy(blob, HEADER + NONCE + body.length + rest.length);
  return blob;
}

export function readTerm(blob: Buffer, where = 'envelope'): number {
  if (blob.length < HEADER + NONCE + TAG || blob.readUInt8(0) !== FORMAT) throw new IntegrityError(where);
  return blob.readUInt32BE(1);
}

/**
 * Checks the header, looks the key up by the blob's term and runs `read` on a decipher set up with the
 * nonce, the header and AAD (in one buffer) and the tag; any failure is an IntegrityError naming `where`,
 * which is built only for an error. What `read` returns counts only once final() has checked the tag.
 */
function opened<T>(
  keyOf: (term: number) => Buffer,
  blob: Buffer,
  aad: Buffer,
  where: () => string,
  read: (decipher: DecipherGCM, body: Buffer) => T,
): T {
  if (blob.length < HEADER + NONCE + TAG || blob[0] !== FORMAT) throw new IntegrityError(where());
  const key = keyOf(blob.readUInt32BE(1));
  const headed = Buffer.allocUnsafe(HEADER + aad.length);
  blob.copy(headed, 0, 0, HEADER);
  aad.copy(headed, HEADER);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(HEADER, HEADER + NONCE));
    decipher.setAAD(headed);
    decipher.setAuthTag(blob.subarray(blob.length - TAG));
    return read(decipher, blob.subarray(HEADER + NONCE, blob.length - TAG));
  } catch {
    throw new IntegrityError(where());
  }
}

/**
 * openWithKey for text (a batch read opens two columns a secret), the key looked up by the blob's term once
 * its header checks, and the text decoded as it leaves the cipher: spared the copies a Buffer result and
 * its toString made.
 */
export function openTextWithKey(
  keyOf: (term: number) => Buffer,
  blob: Buffer,
  aad: Buffer,
  where: () => string,
): string {
  return opened(keyOf, blob, aad, where, (decipher, body) => {
    const text = decipher.update(body, undefined, 'utf8');
    return text + decipher.final('utf8');
  });
}

export function openWithKey(key: Buffer, blob: Buffer, aad: Buffer, where = 'envelope'): Buffer {
  return opened(
    () => key,
    blob,
    aad,
    () => where,
    (decipher, body) => Buffer.concat([decipher.update(body), decipher.final()]),
  );
}
