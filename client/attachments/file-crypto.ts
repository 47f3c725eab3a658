// An attachment's cryptography: a random per-file key, wrapped under the item's content key, that seals the
// file's name and size and each of its chunks (AES-256-GCM through WebCrypto, in Node and browsers alike).
import { concatBytes, fromBase64, toBase64, utf8Decode, utf8Encode } from '../crypto/encoding.ts';
import { CryptoError } from '../crypto/errors.ts';

/** Plaintext bytes per chunk: big enough that per-request costs vanish, small enough to hold a few. */
export const CHUNK_SIZE = 1024 * 1024;
/** Format byte, nonce and tag: what a sealed chunk adds to its plaintext. */
export const CHUNK_OVERHEAD = 1 + 12 + 16;
const FORMAT = 1;
const NONCE = 12;

/** What the file key seals besides the chunks: the server sees neither the name nor the exact size. */
export interface FileMeta {
  name: string;
  size: number;
  /** A media type if the picker gave one; informational only. */
  type: string;
}

const subtle = () => globalThis.crypto.subtle;
const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

export const newFileKey = (): Uint8Array => randomBytes(32);

/** A raw 32-byte key as a WebCrypto key that can only seal and open with AES-GCM. */
export function aesKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new CryptoError('bad_key', 'an attachment key is 32 bytes');
  return subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function sealBytes(key: CryptoKey, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const nonce = randomBytes(NONCE);
  const header = Uint8Array.of(FORMAT);
  const body = await subtle().encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: concatBytes(header, aad) as Uint8Array<ArrayBuffer> },
    key,
    plaintext as Uint8Array<ArrayBuffer>,
  );
  return concatBytes(header, nonce, new Uint8Array(body));
}

async function openBytes(key: CryptoKey, sealed: Uint8Array, aad: Uint8Array, what: string) {
  if (sealed.length < CHUNK_OVERHEAD || sealed[0] !== FORMAT) {
    throw new CryptoError('malformed', `the ${what} is not a Keyhold attachment ciphertext`);
  }
  try {
    const plain = await subtle().decrypt(
      {
        name: 'AES-GCM',
        iv: sealed.subarray(1, 1 + NONCE) as Uint8Array<ArrayBuffer>,
        additionalData: concatBytes(sealed.subarray(0, 1), aad) as Uint8Array<ArrayBuffer>,
      },
      key,
      sealed.subarray(1 + NONCE) as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(plain);
  } catch {
    throw new CryptoError(
      'integrity',
      `the ${what} does not open here: wrong key, moved, reordered or altered`,
    );
  }
}

// Every AAD names the item and the file, so nothing moves between files or items unnoticed.
const keyAad = (secretId: string, attachmentId: string) =>
  utf8Encode(`keyhold/v1/attachment-key/${secretId}/${attachmentId}`);
const metaAad = (secretId: string, attachmentId: string) =>
  utf8Encode(`keyhold/v1/attachment-meta/${secretId}/${attachmentId}`);
/** The chunk's place and whether it is the last: a reordered, dropped or truncated file fails to open. */
export const chunkAad = (attachmentId: string, index: number, final: boolean) =>
  utf8Encode(`keyhold/v1/attachment-chunk/${attachmentId}/${index}/${final ? 'final' : 'more'}`);

/** The file key wrapped under the item's content key (re-wrapped, not re-encrypted, when that key rotates). */
export async function wrapFileKey(
  contentKey: Uint8Array,
  fileKey: Uint8Array,
  secretId: string,
  attachmentId: string,
): Promise<string> {
  return toBase64(await sealBytes(await aesKey(contentKey), fileKey, keyAad(secretId, attachmentId)));
}

export async function unwrapFileKey(
  contentKey: Uint8Array,
  wrapped: string,
  secretId: string,
  attachmentId: string,
): Promise<Uint8Array> {
  const key = await openBytes(
    await aesKey(contentKey),
    fromBase64(wrapped),
    keyAad(secretId, attachmentId),
    'file key',
  );
  if (key.length !== 32) throw new CryptoError('malformed', 'the file key is not 32 bytes');
  return key;
}

export async function sealMeta(
  fileKey: CryptoKey,
  meta: FileMeta,
  secretId: string,
  attachmentId: string,
): Promise<string> {
  return toBase64(
    await sealBytes(fileKey, utf8Encode(JSON.stringify(meta)), metaAad(secretId, attachmentId)),
  );
}

export async function openMeta(
  fileKey: CryptoKey,
  sealed: string,
  secretId: string,
  attachmentId: string,
): Promise<FileMeta> {
  const plain = await openBytes(fileKey, fromBase64(sealed), metaAad(secretId, attachmentId), 'file name');
  const parsed: unknown = JSON.parse(utf8Decode(plain));
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof (parsed as FileMeta).name !== 'string' ||
    !Number.isSafeInteger((parsed as FileMeta).size)
  ) {
    throw new CryptoError('malformed', 'the file name and size are not readable');
  }
  const meta = parsed as FileMeta;
  return { name: meta.name, size: meta.size, type: typeof meta.type === 'string' ? meta.type : '' };
}

export const sealChunk = (
  fileKey: CryptoKey,
  attachmentId: string,
  index: number,
  final: boolean,
  plaintext: Uint8Array,
): Promise<Uint8Array> => sealBytes(fileKey, plaintext, chunkAad(attachmentId, index, final));

export const openChunk = (
  fileKey: CryptoKey,
  attachmentId: string,
  index: number,
  final: boolean,
  sealed: Uint8Array,
): Promise<Uint8Array> => openBytes(fileKey, sealed, chunkAad(attachmentId, index, final), `chunk ${index}`);
