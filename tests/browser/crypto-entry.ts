// Bundled for Chromium by the test beside it: the client's crypto, run in a browser on material made in Node.
import * as e2e from '../../client/crypto/index.ts';

export interface NodeMade {
  password: string;
  salt: string;
  kdf: e2e.KdfParams;
  authHash: string;
  sealedPrivateKey: string;
  wrappedKey: string;
  itemCiphertext: string;
  secretId: string;
  nodePublicKey: string;
}

export interface BrowserMade {
  authHashMatches: boolean;
  plaintext: string;
  /** A new version encrypted in the browser and its content key wrapped to Node's public key. */
  itemCiphertext: string;
  wrappedForNode: string;
  hasNodeGlobals: boolean;
}

async function check(input: NodeMade): Promise<BrowserMade> {
  const keys = await e2e.deriveLoginKeys(input.password, e2e.fromBase64(input.salt), input.kdf);
  const privateKey = e2e.openPrivateKey(input.sealedPrivateKey, keys.kek);
  const contentKey = e2e.unwrapContentKey(input.wrappedKey, privateKey, input.secretId);
  const plaintext = e2e.utf8Decode(
    e2e.decryptItem(contentKey, input.itemCiphertext, { secretId: input.secretId, version: 1 }),
  );
  return {
    authHashMatches: e2e.toBase64(keys.authHash) === input.authHash,
    plaintext,
    itemCiphertext: e2e.encryptItem(contentKey, e2e.utf8Encode(`${plaintext} (edited in Chromium)`), {
      secretId: input.secretId,
      version: 2,
    }),
    wrappedForNode: e2e.wrapContentKey(contentKey, e2e.fromBase64(input.nodePublicKey), input.secretId),
    hasNodeGlobals: typeof (globalThis as { process?: unknown }).process !== 'undefined',
  };
}

(globalThis as unknown as { keyholdCryptoCheck: typeof check }).keyholdCryptoCheck = check;
