// Password → (authentication hash for the server, key-encryption key that never leaves the client), via Argon2id.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { argon2id } from 'hash-wasm';
import { utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';

export interface KdfParams {
  algorithm: 'argon2id';
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export const DEFAULT_KDF_PARAMS: KdfParams = {
  algorithm: 'argon2id',
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
};
/** Cheap parameters for tests only: never for real passwords. */
export const TEST_KDF_PARAMS: KdfParams = {
  algorithm: 'argon2id',
  memoryKiB: 1024,
  iterations: 1,
  parallelism: 1,
};

export const randomSalt = (): Uint8Array => randomBytes(16);

function checkParams(p: KdfParams): void {
  const ok =
    p.algorithm === 'argon2id' &&
    Number.isInteger(p.memoryKiB) &&
    p.memoryKiB >= 1024 &&
    p.memoryKiB <= 1_048_576 &&
    Number.isInteger(p.iterations) &&
    p.iterations >= 1 &&
    p.iterations <= 20 &&
    Number.isInteger(p.parallelism) &&
    p.parallelism >= 1 &&
    p.parallelism <= 8;
  if (!ok) throw new CryptoError('bad_key', 'KDF parameters out of range');
}

/**
 * Stretches a password once with Argon2id and splits the result into two independent 32-byte keys, one
 * per HKDF label: knowing one key reveals nothing of the other.
 */
export async function derivePasswordKeys(
  password: string,
  salt: Uint8Array,
  params: KdfParams,
  labels: readonly [string, string],
): Promise<[Uint8Array, Uint8Array]> {
  checkParams(params);
  if (salt.length < 16) throw new CryptoError('bad_key', 'the salt is too short');
  const master = await argon2id({
    password: utf8Encode(password.normalize('NFKC')),
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  try {
    return [
      hkdf(sha256, master, undefined, utf8Encode(labels[0]), 32),
      hkdf(sha256, master, undefined, utf8Encode(labels[1]), 32),
    ];
  } finally {
    master.fill(0);
  }
}

/** The authentication hash sent to the server and the key-encryption key that never leaves the client. */
export async function deriveLoginKeys(
  password: string,
  salt: Uint8Array,
  params: KdfParams,
): Promise<{ authHash: Uint8Array; kek: Uint8Array }> {
  const [authHash, kek] = await derivePasswordKeys(password, salt, params, [
    'keyhold/v1/auth-hash',
    'keyhold/v1/key-encryption-key',
  ]);
  return { authHash, kek };
}
