// The server-side Argon2id verifier of the client's authentication hash (the server never sees a password).
import { hash, verify } from '@node-rs/argon2';

// The input is already a 256-bit key stretched on the client, so modest cost suffices (OWASP's minimum).
// The library's default algorithm is Argon2id (a const enum, which verbatimModuleSyntax cannot import).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The authentication hash is given as its base64 text (the binding refuses bytes that are not UTF-8). */
export function makeVerifier(authHash: string): Promise<string> {
  return hash(authHash, options);
}

let decoy: Promise<string> | null = null;

/**
 * Checks an authentication hash. With no verifier (unknown or unenrolled user) it still runs one Argon2id
 * against a decoy so that the answer takes as long and tells nothing.
 */
export async function checkVerifier(verifier: string | null, authHash: string): Promise<boolean> {
  if (verifier === null) {
    decoy ??= makeVerifier('decoy-verifier-for-unknown-users');
    await verify(await decoy, authHash).catch(() => false);
    return false;
  }
  return verify(verifier, authHash).catch(() => false);
}
