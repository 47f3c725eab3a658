// One-time share links, the client's half: a random key that lives only in the link's fragment (optionally
// mixed with a key derived from a password), AES-256-GCM through WebCrypto, and the link's form. The server
// receives the ciphertext and, with a password, the SHA-256 of a proof derived from it; never the key.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { concatBytes, fromBase64, toBase64, utf8Decode, utf8Encode } from '../crypto/encoding.ts';
import { CryptoError } from '../crypto/errors.ts';
import { derivePasswordKeys, type KdfParams } from '../crypto/kdf.ts';

/** What a link carries: a text, or one small file. */
export type SharePayload =
  | { kind: 'text'; text: string }
  | { kind: 'file'; name: string; type: string; data: string /* base64 */ };

const FORMAT = 1;
const AAD = utf8Encode('keyhold/v1/share-link');
const KEY_INFO = utf8Encode('keyhold/v1/share-link-key');
const PASSWORD_LABELS = ['keyhold/v1/share-link-proof', 'keyhold/v1/share-link-password-key'] as const;

/** A copy whose buffer is a plain ArrayBuffer, which WebCrypto's types ask for. */
const plain = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

async function aesKey(fragmentKey: Uint8Array, passwordKey: Uint8Array | null): Promise<CryptoKey> {
  const ikm = passwordKey ? concatBytes(fragmentKey, passwordKey) : fragmentKey;
  const raw = hkdf(sha256, ikm, undefined, KEY_INFO, 32);
  return crypto.subtle.importKey('raw', plain(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new CryptoError('malformed', 'not valid base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

export interface PasswordProof {
  /** Sent when opening: base64 of 32 bytes. */
  proof: string;
  /** Mixed into the content key: never leaves the client. */
  passwordKey: Uint8Array;
}

/** Argon2id over the password with the link's salt, split into the proof and the key (one stretch). */
export async function derivePasswordProof(
  password: string,
  salt: string,
  kdf: KdfParams,
): Promise<PasswordProof> {
  const [proof, passwordKey] = await derivePasswordKeys(password, fromBase64(salt), kdf, PASSWORD_LABELS);
  return { proof: toBase64(proof), passwordKey };
}

export interface SealedShare {
  ciphertext: string;
  /** The key for the fragment, base64url. */
  fragmentKey: string;
  password: { salt: string; kdf: KdfParams; verifier: string } | null;
}

/** Encrypts a payload under a new random key (and the password's key, when one is given). */
export async function sealSharePayload(
  payload: SharePayload,
  password: { password: string; kdf: KdfParams } | null = null,
): Promise<SealedShare> {
  const fragmentKey = randomBytes(32);
  let passwordKey: Uint8Array | null = null;
  let stored: SealedShare['password'] = null;
  if (password) {
    const salt = toBase64(randomBytes(16));
    const derived = await derivePasswordProof(password.password, salt, password.kdf);
    passwordKey = derived.passwordKey;
    stored = { salt, kdf: password.kdf, verifier: toBase64(sha256(fromBase64(derived.proof))) };
  }
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: plain(iv), additionalData: plain(AAD) },
    await aesKey(fragmentKey, passwordKey),
    plain(utf8Encode(JSON.stringify(payload))),
  );
  return {
    ciphertext: toBase64(concatBytes(new Uint8Array([FORMAT]), iv, new Uint8Array(sealed))),
    fragmentKey: toBase64Url(fragmentKey),
    password: stored,
  };
}

/** Decrypts what the server answered with the fragment's key; throws CryptoError for a wrong key or data. */
export async function openSharePayload(
  ciphertext: string,
  fragmentKey: string,
  passwordKey: Uint8Array | null = null,
): Promise<SharePayload> {
  const bytes = fromBase64(ciphertext);
  const key = fromBase64Url(fragmentKey);
  if (bytes[0] !== FORMAT || bytes.length < 1 + 12 + 16 || key.length !== 32) {
    throw new CryptoError('malformed', 'not a share link ciphertext');
  }
  let clear: ArrayBuffer;
  try {
    clear = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: plain(bytes.subarray(1, 13)), additionalData: plain(AAD) },
      await aesKey(key, passwordKey),
      plain(bytes.subarray(13)),
    );
  } catch {
    throw new CryptoError('integrity', 'the link’s key does not open its content');
  }
  const payload = JSON.parse(utf8Decode(new Uint8Array(clear))) as SharePayload;
  if (payload?.kind !== 'text' && payload?.kind !== 'file')
    throw new CryptoError('malformed', 'unknown content');
  return payload;
}

/** The full link: the page on the server, the key in the fragment (browsers never send fragments). */
export function shareLinkUrl(serverUrl: string, path: string, fragmentKey: string): string {
  const url = new URL(path, serverUrl);
  url.hash = fragmentKey;
  return url.toString();
}

/** The id and key of a link, from its URL; null when it is not one. */
export function parseShareLink(link: string): { origin: string; id: string; key: string } | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const id = /^\/s\/([A-Za-z0-9_-]{22})$/.exec(url.pathname)?.[1];
  const key = url.hash.slice(1);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(key)) return null;
  return { origin: url.origin, id, key };
}
