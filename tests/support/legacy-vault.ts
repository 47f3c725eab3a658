// The client of before vault keys, kept as the legacy path for migration tests: its credentials carry no
// vault key, and every content key (the owner's own included) is wrapped to an X25519 public key.

import { e2e, type KeyholdClient, prepareLogin } from '../../client/index.ts';
import type { KdfParamsInput } from '../../contract/index.ts';

export interface LegacyKeys {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** Credentials as that client made them: salt, KDF, authentication hash, public key, sealed private key. */
export async function legacyCredentials(password: string, kdf: KdfParamsInput, keys?: LegacyKeys) {
  const pair = keys ?? e2e.generateUserKeyPair();
  const salt = e2e.randomSalt();
  const { authHash, kek } = await e2e.deriveLoginKeys(password, salt, kdf);
  const credentials = {
    salt: e2e.toBase64(salt),
    kdf,
    authHash: e2e.toBase64(authHash),
    publicKey: e2e.toBase64(pair.publicKey),
    encryptedPrivateKey: e2e.sealPrivateKey(pair.privateKey, kek),
  };
  kek.fill(0);
  return { credentials, keys: pair };
}

export async function legacyEnroll(
  client: KeyholdClient,
  username: string,
  code: string,
  password: string,
  kdf: KdfParamsInput,
) {
  const { credentials } = await legacyCredentials(password, kdf);
  return client.request('enroll', { username, code, credentials });
}

/** Signs in as that client did; also answers what the server said of a vault key (null before one). */
export async function legacyLogin(client: KeyholdClient, username: string, password: string) {
  const unlocked = await prepareLogin(client, username, password);
  const session = await client.request('login', { username, authHash: unlocked.authHash, clientKind: 'cli' });
  client.setToken(session.token);
  const keys = {
    privateKey: unlocked.open(session.encryptedPrivateKey),
    publicKey: e2e.fromBase64(session.publicKey),
  };
  unlocked.forget();
  return { keys, encryptedVaultKey: session.encryptedVaultKey };
}

const seal = (contentKey: Uint8Array, value: string, secretId: string, version: number) =>
  e2e.encryptItem(contentKey, e2e.utf8Encode(JSON.stringify({ value, notes: '', fields: [] })), {
    secretId,
    version,
  });

/** createSecret as that client sent it: the owner's content key wrapped to their own public key. */
export async function legacyCreateSecret(
  client: KeyholdClient,
  keys: LegacyKeys,
  name: string,
  value: string,
) {
  const id = crypto.randomUUID();
  const contentKey = e2e.newContentKey();
  await client.request('createSecret', {
    id,
    name,
    path: '/legacy',
    tags: [],
    type: 'login',
    value: seal(contentKey, value, id, 1),
    wrappedKey: e2e.wrapContentKey(contentKey, keys.publicKey, id),
  });
  contentKey.fill(0);
  return id;
}

/** A next version under the content key the secret has, as that client wrote one. */
export async function legacyUpdateSecret(
  client: KeyholdClient,
  keys: LegacyKeys,
  id: string,
  expectedVersion: number,
  value: string,
) {
  const { wrappedKey } = await client.request('readSecret', { id });
  const contentKey = e2e.unwrapContentKey(wrappedKey, keys.privateKey, id);
  await client.request('updateSecret', {
    id,
    expectedVersion,
    value: seal(contentKey, value, id, expectedVersion + 1),
  });
  contentKey.fill(0);
}
