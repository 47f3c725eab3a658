// Creating and opening the keyring: the root key sealed by a passphrase (Argon2id) or by Shamir key shares.
import { randomBytes } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';
import { combine, split } from 'shamir-secret-sharing';
import { openWithKey, sealWithKey } from './envelope.ts';
import { IntegrityError, UnsealError } from './errors.ts';
import { Keyring, type TermRecord, termAad } from './keyring.ts';

export type UnsealMethod =
  | { method: 'passphrase'; passphrase: string }
  | { method: 'shares'; shares: number; threshold: number };

export interface KdfCost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export interface SealRecord {
  method: 'passphrase' | 'shares';
  kdf: ({ salt: string } & KdfCost) | null;
  shares: number | null;
  threshold: number | null;
  /** The root key sealed under the unseal key. */
  wrappedRootKey: Buffer;
}

export const DEFAULT_UNSEAL_KDF: KdfCost = { memoryKiB: 65536, iterations: 3, parallelism: 1 };
const ROOT_AAD = Buffer.from('keyhold/v1|keyring|root', 'utf8');

function deriveUnsealKey(passphrase: string, salt: Buffer, cost: KdfCost): Promise<Buffer> {
  // @node-rs/argon2 defaults to Argon2id.
  return hashRaw(passphrase.normalize('NFKC'), {
    salt,
    memoryCost: cost.memoryKiB,
    timeCost: cost.iterations,
    parallelism: cost.parallelism,
    outputLen: 32,
  });
}

export async function initKeyring(
  method: UnsealMethod,
  opts: { kdf?: KdfCost } = {},
): Promise<{ seal: SealRecord; terms: TermRecord[]; keyring: Keyring; shares: string[] | null }> {
  const rootKey = randomBytes(32);
  let unsealKey: Buffer;
  let seal: Omit<SealRecord, 'wrappedRootKey'>;
  let shares: string[] | null = null;
  if (method.method === 'passphrase') {
    if (method.passphrase.length < 12)
      throw new RangeError('the unseal passphrase must be at least 12 characters');
    const cost = opts.kdf ?? DEFAULT_UNSEAL_KDF;
    const salt = randomBytes(16);
    unsealKey = await deriveUnsealKey(method.passphrase, salt, cost);
    seal = {
      method: 'passphrase',
      kdf: { salt: salt.toString('base64'), ...cost },
      shares: null,
      threshold: null,
    };
  } else {
    const { shares: n, threshold: k } = method;
    if (!Number.isInteger(n) || !Number.isInteger(k) || k < 2 || k > n || n > 10) {
      throw new RangeError('key shares: need 2 ≤ threshold ≤ shares ≤ 10');
    }
    unsealKey = randomBytes(32);
    shares = (await split(new Uint8Array(unsealKey), n, k)).map((share) =>
      Buffer.from(share).toString('hex'),
    );
    seal = { method: 'shares', kdf: null, shares: n, threshold: k };
  }
  const term: TermRecord = {
    term: 1,
    wrappedKey: sealWithKey(rootKey, 0, randomBytes(32), termAad(1)),
    createdAt: new Date().toISOString(),
  };
  const record: SealRecord = { ...seal, wrappedRootKey: sealWithKey(unsealKey, 0, rootKey, ROOT_AAD) };
  const keyring = new Keyring(rootKey, [term]);
  rootKey.fill(0);
  unsealKey.fill(0);
  return { seal: record, terms: [term], keyring, shares };
}

function openRoot(unsealKey: Buffer, seal: SealRecord, terms: TermRecord[], wrong: string): Keyring {
  let rootKey: Buffer;
  try {
    rootKey = openWithKey(unsealKey, seal.wrappedRootKey, ROOT_AAD, 'keyring root');
  } catch (error) {
    if (error instanceof IntegrityError) throw new UnsealError(wrong);
    throw error;
  } finally {
    unsealKey.fill(0);
  }
  try {
    return new Keyring(rootKey, terms);
  } finally {
    rootKey.fill(0);
  }
}

export async function unsealWithPassphrase(
  seal: SealRecord,
  terms: TermRecord[],
  passphrase: string,
): Promise<Keyring> {
  if (seal.method !== 'passphrase' || !seal.kdf)
    throw new UnsealError('this keyring is sealed with key shares, not a passphrase');
  const unsealKey = await deriveUnsealKey(passphrase, Buffer.from(seal.kdf.salt, 'base64'), seal.kdf);
  return openRoot(unsealKey, seal, terms, 'the unseal passphrase is wrong');
}

export async function unsealWithShares(
  seal: SealRecord,
  terms: TermRecord[],
  shares: string[],
): Promise<Keyring> {
  if (seal.method !== 'shares' || !seal.threshold)
    throw new UnsealError('this keyring is sealed with a passphrase, not key shares');
  const distinct = [...new Set(shares.map((s) => s.trim().toLowerCase()))];
  if (distinct.some((s) => !/^([0-9a-f]{2})+$/.test(s)))
    throw new UnsealError('a key share is not valid hex');
  if (distinct.length < seal.threshold) {
    throw new UnsealError(`${seal.threshold} distinct key shares are needed; ${distinct.length} given`);
  }
  let unsealKey: Buffer;
  try {
    unsealKey = Buffer.from(await combine(distinct.map((s) => new Uint8Array(Buffer.from(s, 'hex')))));
  } catch {
    throw new UnsealError('the key shares do not fit together');
  }
  return openRoot(unsealKey, seal, terms, 'the key shares do not reconstruct the unseal key');
}
