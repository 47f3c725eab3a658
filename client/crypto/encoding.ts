// Byte encodings that behave the same in browsers and Node (no Buffer): base64, UTF-8, concatenation.
import { CryptoError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** Byte of each base64 character, 255 for anything outside the alphabet (padding is handled apart). */
const DECODE = new Uint8Array(128).fill(255);
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

/** Strict: only the standard alphabet, length a multiple of four, padding only at the end. */
export function fromBase64(text: string): Uint8Array {
  const length = text.length;
  if (length % 4 !== 0) throw new CryptoError('malformed', 'not valid base64');
  const padding = length === 0 ? 0 : text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < length; i += 4) {
    const last = i + 4 === length;
    const a = DECODE[text.charCodeAt(i)] ?? 255;
    const b = DECODE[text.charCodeAt(i + 1)] ?? 255;
    const c = last && padding === 2 ? 0 : (DECODE[text.charCodeAt(i + 2)] ?? 255);
    const d = last && padding >= 1 ? 0 : (DECODE[text.charCodeAt(i + 3)] ?? 255);
    if ((a | b | c | d) > 63) throw new CryptoError('malformed', 'not valid base64');
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = n >>> 16;
    if (o < bytes.length) bytes[o++] = (n >>> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8Encode = (text: string): Uint8Array => encoder.encode(text);

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
