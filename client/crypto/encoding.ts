// Byte encodings that behave the same in browsers and Node (no Buffer): base64, UTF-8, concatenation.
import { CryptoError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Array.from(ALPHABET, (c) => c.charCodeAt(0));
/**
 * Value of each base64 character by char code, -1 for anything outside the alphabet (padding is handled
 * apart); 256 entries so that any code under 256 indexes it, and codes from 256 up are refused before.
 */
const DECODE = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const latin1 = new TextDecoder('latin1');

/**
 * Standard base64 with padding, by table: btoa over String.fromCharCode cost more than the cipher for a
 * wrapped key, and every item of an import or export is encoded once and decoded once.
 */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = ENCODE[n >>> 18] as number;
    out[o++] = ENCODE[(n >>> 12) & 63] as number;
    out[o++] = ENCODE[(n >>> 6) & 63] as number;
    out[o++] = ENCODE[n & 63] as number;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = ENCODE[n >>> 18] as number;
    out[o++] = ENCODE[(n >>> 12) & 63] as number;
    out[o++] = rest === 2 ? (ENCODE[(n >>> 6) & 63] as number) : 61;
    out[o++] = 61;
  }
  // Every byte is ASCII, so latin1 decodes it one to one without building the string a character at a time.
  return latin1.decode(out);
}

/** The decoded size of a base64 text, after the length check every decode starts with. */
function decodedLength(text: string): number {
  const length = text.length;
  if (length % 4 !== 0) throw new CryptoError('malformed', 'not valid base64');
  const padding = length === 0 ? 0 : text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (length / 4) * 3 - padding;
}

/**
 * Strict: only the standard alphabet, length a multiple of four, padding only at the end. By table, with
 * the whole groups in a loop of their own: opening an item decodes two of these, and native decoders
 * (Buffer) accept other alphabets and stray characters, so they would need a check that costs as much.
 */
export function fromBase64(text: string): Uint8Array {
  return decodeInto(text, new Uint8Array(decodedLength(text)));
}

/** Bytes of the shared blocks fromBase64Shared hands out; a larger text gets an array of its own. */
const SHARED_BLOCK = 16384;
let shared = new Uint8Array(0);
let sharedAt = 0;

/**
 * As fromBase64, but the bytes may be a view into a block shared with other decoded texts (never written
 * again, kept while any view lives): a fresh array per decode (off the heap above 64 bytes) cost as much
 * as decoding. For ciphertexts only, which are no secret: a caller must not rely on `.buffer` being its own.
 */
export function fromBase64Shared(text: string): Uint8Array {
  const size = decodedLength(text);
  if (size > SHARED_BLOCK / 8) return decodeInto(text, new Uint8Array(size));
  if (sharedAt + size > shared.length) {
    shared = new Uint8Array(SHARED_BLOCK);
    sharedAt = 0;
  }
  const view = new Uint8Array(shared.buffer, sharedAt, size);
  sharedAt += size;
  return decodeInto(text, view);
}

/** Decodes `text` into `bytes`, which has exactly decodedLength(text) bytes. */
function decodeInto(text: string, bytes: Uint8Array): Uint8Array {
  const length = text.length;
  const padding = length === 0 ? 0 : text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  // The last group when it is padded goes apart, so that every group in the loop is four characters.
  const whole = padding === 0 ? length : length - 4;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 255) throw new CryptoError('malformed', 'not valid base64');
    const a = DECODE[c0] as number;
    const b = DECODE[c1] as number;
    const c = DECODE[c2] as number;
    const d = DECODE[c3] as number;
    if ((a | b | c | d) < 0) throw new CryptoError('malformed', 'not valid base64');
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = n >>> 16;
    bytes[o++] = (n >>> 8) & 255;
    bytes[o++] = n & 255;
  }
  if (padding > 0) {
    const c0 = text.charCodeAt(whole);
    const c1 = text.charCodeAt(whole + 1);
    // With one "=", the third character is data; with two it is the first "=" and is not looked up.
    const c2 = padding === 1 ? text.charCodeAt(whole + 2) : 0;
    if ((c0 | c1 | c2) > 255) throw new CryptoError('malformed', 'not valid base64');
    const a = DECODE[c0] as number;
    const b = DECODE[c1] as number;
    const c = padding === 1 ? (DECODE[c2] as number) : 0;
    if ((a | b | c) < 0) throw new CryptoError('malformed', 'not valid base64');
    const n = (a << 18) | (b << 12) | (c << 6);
    bytes[o++] = n >>> 16;
    if (padding === 1) bytes[o++] = (n >>> 8) & 255;
  }
  return bytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Up to this length an ASCII string is copied here: TextEncoder's call into the runtime costs more. */
const SHORT_TEXT = 128;

/**
 * UTF-8 bytes. A short ASCII text (every AAD: ids, versions, labels; encoded once or twice per item opened)
 * is copied by code, the same bytes; anything else goes to TextEncoder.
 */
export function utf8Encode(text: string): Uint8Array {
  const length = text.length;
  if (length > SHORT_TEXT) return encoder.encode(text);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

export function utf8Decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CryptoError('malformed', 'not valid UTF-8');
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
