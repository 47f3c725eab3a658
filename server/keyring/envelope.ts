// AES-256-GCM envelopes that carry their key term and are bound to where they are stored (AEAD data).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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

export function sealWithKey(key: Buffer, term: number, plaintext: Buffer, aad: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(FORMAT, 0);
  header.writeUInt32BE(term, 1);
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  // The header is authenticated too, so a blob cannot be relabelled with another term.
  cipher.setAAD(Buffer.concat([header, aad]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

export function readTerm(blob: Buffer, where = 'envelope'): number {
  if (blob.length < HEADER + NONCE + TAG || blob.readUInt8(0) !== FORMAT) throw new IntegrityError(where);
  return blob.readUInt32BE(1);
}

export function openWithKey(key: Buffer, blob: Buffer, aad: Buffer, where = 'envelope'): Buffer {
  readTerm(blob, where);
  const header = blob.subarray(0, HEADER);
  const nonce = blob.subarray(HEADER, HEADER + NONCE);
  const body = blob.subarray(HEADER + NONCE, blob.length - TAG);
  const tag = blob.subarray(blob.length - TAG);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.concat([header, aad]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new IntegrityError(where);
  }
}
