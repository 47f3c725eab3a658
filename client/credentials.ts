// Turns a password into what the server may hold: salt, KDF parameters, authentication hash, wrapped key pair.
import { type CredentialMaterial, type KdfParamsInput, kdfBelowFloor } from '../contract/index.ts';
import {
  deriveLoginKeys,
  fromBase64,
  generateUserKeyPair,
  openPrivateKey,
  randomSalt,
  sealPrivateKey,
  toBase64,
} from './crypto/index.ts';
import { type KeyholdClient, KeyholdError } from './keyhold-client.ts';

/**
 * Refuses KDF parameters below the floor before anything is derived or sent: a hostile or misconfigured
 * server cannot talk a client into a hash it could brute-force. Every client (web UI, desktop, CLI) derives
 * through this file, so the floor holds for all of them.
 */
export function assertKdfFloor(kdf: KdfParamsInput): void {
  const weak = kdfBelowFloor(kdf);
  if (weak) {
    throw new KeyholdError({
      code: 'kdf_too_weak',
      message: `the server asked for key derivation weaker than Keyhold allows (${weak}); nothing was sent`,
    });
  }
}

export interface UserKeys {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * New credentials for a password. With `keys` (a password change) the same key pair is re-wrapped;
 * without, a fresh X25519 pair is generated (enrollment, first admin).
 */
export async function makeCredentials(
  password: string,
  kdf: KdfParamsInput,
  keys: UserKeys = generateUserKeyPair(),
): Promise<{ credentials: CredentialMaterial; keys: UserKeys }> {
  assertKdfFloor(kdf);
  const salt = randomSalt();
  const { authHash, kek } = await deriveLoginKeys(password, salt, kdf);
  try {
    return {
      credentials: {
        salt: toBase64(salt),
        kdf,
        authHash: toBase64(authHash),
        publicKey: toBase64(keys.publicKey),
        encryptedPrivateKey: sealPrivateKey(keys.privateKey, kek),
      },
      keys,
    };
  } finally {
    kek.fill(0);
  }
}

/**
 * Asks the server for the user's salt and KDF parameters, then derives on this device what login needs:
 * the authentication hash (base64) and a way to open the private key. `forget` wipes the derived key.
 */
export async function prepareLogin(client: KeyholdClient, username: string, password: string) {
  const { salt, kdf } = await client.request('prelogin', { username });
  const unlocked = await unlockKeys(password, fromBase64(salt), kdf);
  return { ...unlocked, authHash: toBase64(unlocked.authHash) };
}

export async function unlockKeys(
  password: string,
  salt: Uint8Array,
  kdf: KdfParamsInput,
): Promise<{ authHash: Uint8Array; open: (encryptedPrivateKey: string) => Uint8Array; forget: () => void }> {
  assertKdfFloor(kdf);
  const { authHash, kek } = await deriveLoginKeys(password, salt, kdf);
  return {
    authHash,
    open: (encryptedPrivateKey) => openPrivateKey(encryptedPrivateKey, kek),
    forget: () => kek.fill(0),
  };
}
