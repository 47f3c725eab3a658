// Key pins: a MAC over (principal id, public key) under a key only the pinning user's client can derive.
// The server stores pins but cannot make one, so a public key it swaps is caught before anything is
// wrapped to it (trust on first use, with the fingerprint to compare out of band).
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, toBase64, utf8Encode } from './encoding.ts';

const PIN_INFO = utf8Encode('keyhold/v1/contact-pin');

function pinKey(privateKey: Uint8Array): Uint8Array {
  return hkdf(sha256, privateKey, undefined, PIN_INFO, 32);
}

export function keyPin(privateKey: Uint8Array, principalId: string, publicKey: Uint8Array): string {
  const key = pinKey(privateKey);
  try {
    return toBase64(hmac(sha256, key, concatBytes(utf8Encode(principalId), new Uint8Array([0]), publicKey)));
  } finally {
    key.fill(0);
  }
}

/** Constant-time comparison of a stored pin with the one the public key gives now. */
export function pinMatches(
  privateKey: Uint8Array,
  principalId: string,
  publicKey: Uint8Array,
  pin: string,
): boolean {
  let expected: Uint8Array;
  let given: Uint8Array;
  try {
    expected = fromBase64(keyPin(privateKey, principalId, publicKey));
    given = fromBase64(pin);
  } catch {
    return false;
  }
  if (expected.length !== given.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= (expected[i] as number) ^ (given[i] as number);
  return diff === 0;
}
