// What the server keeps of a user's credentials: the client's material plus the verifier of its hash.

import type { CredentialMaterial } from '../../contract/index.ts';
import { makeVerifier } from '../auth/verifier.ts';
import type { UserData } from './user-data.ts';

export type CredentialData = Pick<
  UserData,
  'salt' | 'kdf' | 'verifier' | 'publicKey' | 'encryptedPrivateKey' | 'encryptedVaultKey' | 'sealedVaultKey'
>;

export async function credentialData(credentials: CredentialMaterial): Promise<CredentialData> {
  return {
    salt: credentials.salt,
    kdf: credentials.kdf,
    verifier: await makeVerifier(credentials.authHash),
    publicKey: credentials.publicKey,
    encryptedPrivateKey: credentials.encryptedPrivateKey,
    // Both or neither: a client from before vault keys sends none (its next newer sign-in makes one).
    ...(credentials.encryptedVaultKey !== undefined && credentials.sealedVaultKey !== undefined
      ? { encryptedVaultKey: credentials.encryptedVaultKey, sealedVaultKey: credentials.sealedVaultKey }
      : { encryptedVaultKey: null, sealedVaultKey: null }),
  };
}
