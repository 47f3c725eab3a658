// Public keys as people paste them ("ssh-ed25519 AAAA… comment") turned into the wire blob the agent lists.

import { isServedKeyType } from './signatures.ts';
import { utils } from './ssh2.ts';

/** The wire blob of an authorized_keys-style line; throws a sentence when it is not a key the agent serves. */
export function publicKeyFromLine(line: string): Buffer {
  const parsed = utils.parseKey(line.trim());
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) throw new Error('not an OpenSSH public key');
  if (!isServedKeyType(key.type)) throw new Error(`the agent does not serve ${key.type} keys`);
  return key.getPublicSSH();
}

/** The public blob of a private key (OpenSSH or PEM, unencrypted), or an Error saying why there is none. */
export function publicKeyOfPrivate(privateText: string): Buffer | Error {
  const parsed = utils.parseKey(privateText.trim());
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) return new Error('no key found');
  if (key instanceof Error) {
    return /passphrase|encrypted/i.test(key.message)
      ? new Error('the private key is protected by a passphrase; store it without one')
      : new Error('not a private key in OpenSSH or PEM form');
  }
  if (!key.isPrivateKey()) return new Error('not a private key (a public key?)');
  if (!isServedKeyType(key.type)) return new Error(`the agent does not serve ${key.type} keys`);
  return key.getPublicSSH();
}
