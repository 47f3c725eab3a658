// Turns a password into what the server may hold: salt, KDF parameters, authentication hash, wrapped key pair
// and vault key.
import { type CredentialMaterial, type KdfParamsInput, kdfBelowFloor } from '../contract/index.ts';
import {
  deriveLoginKeys,
  fromBase64,
  generateUserKeyPair,
  newVaultKey,
  openPrivateKey,
  openVaultKey,
  randomSalt,
  sealPrivateKey,
  sealVaultKey,
  sealVaultKeyTo,
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

/**
 * What a signed-in user holds: the X25519 pair (for what crosses to other people and machines) and the
 * vault key (for their own items). vaultKey is null only in a session saved before vault keys existed.
 */
export interface UserKeys {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
  vaultKey: Uint8Array | null;
}

/**
 * New credentials for a password. With `keys` (a password change) the same key pair and vault key are
 * re-sealed, so no item's wrapped key changes; without, a fresh X25519 pair and vault key are made
 * (enrollment, first admin, a machine identity).
 */
export async function makeCredentials(
  password: string,
  kdf: KdfParamsInput,
  given?: { publicKey: Uint8Array; privateKey: Uint8Array; vaultKey?: Uint8Array | null },
): Promise<{ credentials: CredentialMaterial; keys: UserKeys }> {
  assertKdfFloor(kdf);
  const pair = given ?? generateUserKeyPair();
  const keys: UserKeys = { ...pair, vaultKey: given?.vaultKey ?? newVaultKey() };
  const vaultKey = keys.vaultKey as Uint8Array;
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
        encryptedVaultKey: sealVaultKey(vaultKey, kek),
        sealedVaultKey: sealVaultKeyTo(vaultKey, keys.publicKey),
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
): Promise<{
  authHash: Uint8Array;
  open: (encryptedPrivateKey: string) => Uint8Array;
  openVaultKey: (encryptedVaultKey: string) => Uint8Array;
  sealVaultKey: (vaultKey: Uint8Array) => string;
  forget: () => void;
}> {
  assertKdfFloor(kdf);
  const { authHash, kek } = await deriveLoginKeys(password, salt, kdf);
  return {
    authHash,
    open: (encryptedPrivateKey) => openPrivateKey(encryptedPrivateKey, kek),
    openVaultKey: (encryptedVaultKey) => openVaultKey(encryptedVaultKey, kek),
    sealVaultKey: (vaultKey) => sealVaultKey(vaultKey, kek),
    forget: () => kek.fill(0),
  };
}
