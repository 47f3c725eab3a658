// Per-secret content keys: values sealed under them, and the keys wrapped to each reader's public key.
import { x25519 } from '@noble/curves/ed25519.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { parse, seal } from './aead.ts';
import { concatBytes, toBase64, utf8Encode } from './encoding.ts';
import { CryptoError } from './errors.ts';
import { agree } from './x25519-agreement.ts';

export interface ItemBinding {
  secretId: string;
  version: number;
}

export const newContentKey = (): Uint8Array => randomBytes(32);

const itemAad = (b: ItemBinding) => utf8Encode(`keyhold/v1/item/${b.secretId}/${b.version}`);

/** Bound to the secret and version, so a ciphertext cannot be replayed as another secret or version. */
export const encryptItem = (contentKey: Uint8Array, plaintext: Uint8Array, binding: ItemBinding): string =>
  seal(contentKey, plaintext, itemAad(binding));

export const decryptItem = (contentKey: Uint8Array, ciphertext: string, binding: ItemBinding): Uint8Array =>
  parse(ciphertext).open(contentKey, itemAad(binding));

/**
 * HKDF-SHA256(shared, salt = ephemeral ‖ recipient, info = "keyhold/v1/wrap/<secret id>"), split in its two
 * halves: extract depends only on the agreement, so a batch wrapped with one ephemeral key extracts once and
 * expands per secret. Same bytes as one hkdf() call per secret, at half the hashing.
 */
function wrapKeys(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array) {
  if (shared.every((b) => b === 0)) throw new CryptoError('bad_key', 'the public key is not usable');
  const prk = extract(sha256, shared, concatBytes(ephemeralPublic, recipientPublic));
  return {
    keyFor: (secretId: string) => expand(sha256, prk, utf8Encode(`keyhold/v1/wrap/${secretId}`), 32),
    wipe: () => prk.fill(0),
  };
}

/**
 * The public half of a private key, computed once per key held rather than a scalar multiplication per
 * unwrap. Keyed by the array: a key's array is wiped when it is dropped, never refilled with another key.
 */
const publicKeys = new WeakMap<Uint8Array, Uint8Array>();
function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  let publicKey = publicKeys.get(privateKey);
  if (!publicKey) {
    publicKey = x25519.getPublicKey(privateKey);
    publicKeys.set(privateKey, publicKey);
  }
  return publicKey;
}

/** Sealed-box style: a fresh ephemeral X25519 key per wrap, so only the recipient's private key opens it. */
export function wrapContentKey(
  contentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  secretId: string,
): string {
  const ephemeralPrivate = x25519.utils.randomSecretKey();
  const ephemeralPublic = x25519.getPublicKey(ephemeralPrivate);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralPrivate, recipientPublicKey);
  } catch {
    throw new CryptoError('bad_key', 'the public key is not usable');
  }
  try {
    const keys = wrapKeys(shared, ephemeralPublic, recipientPublicKey);
    const key = keys.keyFor(secretId);
    keys.wipe();
    try {
      return seal(key, contentKey, utf8Encode(secretId), ephemeralPublic);
    } finally {
      key.fill(0);
    }
  } finally {
    shared.fill(0);
    ephemeralPrivate.fill(0);
  }
}

export function unwrapContentKey(wrapped: string, privateKey: Uint8Array, secretId: string): Uint8Array {
  const parsed = parse(wrapped, 32);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, parsed.prefix);
  } catch {
    throw new CryptoError('integrity', 'the wrapped key is not valid');
  }
  let key: Uint8Array;
  try {
    const keys = wrapKeys(shared, parsed.prefix, publicKeyOf(privateKey));
    key = keys.keyFor(secretId);
    keys.wipe();
  } finally {
    shared.fill(0);
  }
  try {
    return parsed.open(key, utf8Encode(secretId));
  } finally {
    key.fill(0);
  }
}

/**
 * Wraps many content keys to one recipient (an import) with one ephemeral key held for the batch: the
 * wrapping key still differs per secret (HKDF over the secret id), and unwrapContentKey opens each as usual.
 * A fresh key agreement per secret would cost a scalar multiplication each. forget() wipes what it holds.
 */
export function contentKeyWrapper(recipientPublicKey: Uint8Array) {
  const ephemeralPrivate = x25519.utils.randomSecretKey();
  const ephemeralPublic = x25519.getPublicKey(ephemeralPrivate);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(ephemeralPrivate, recipientPublicKey);
  } catch {
    throw new CryptoError('bad_key', 'the public key is not usable');
  } finally {
    ephemeralPrivate.fill(0);
  }
  let keys: ReturnType<typeof wrapKeys>;
  try {
    keys = wrapKeys(shared, ephemeralPublic, recipientPublicKey);
  } finally {
    shared.fill(0);
  }
  return {
    wrap(contentKey: Uint8Array, secretId: string): string {
      const key = keys.keyFor(secretId);
      try {
        return seal(key, contentKey, utf8Encode(secretId), ephemeralPublic);
      } finally {
        key.fill(0);
      }
    },
    forget: () => keys.wipe(),
  };
}

export function wrapContentKeys(
  entries: readonly { contentKey: Uint8Array; secretId: string }[],
  recipientPublicKey: Uint8Array,
): string[] {
  const wrapper = contentKeyWrapper(recipientPublicKey);
  try {
    return entries.map(({ contentKey, secretId }) => wrapper.wrap(contentKey, secretId));
  } finally {
    wrapper.forget();
  }
}

/**
 * Unwraps many content keys with one private key (an export): keys wrapped in one batch share their
 * ephemeral key, so each agreement is made once. forget() wipes the agreements it keeps.
 */
export function contentKeyOpener(privateKey: Uint8Array, publicKey?: Uint8Array) {
  const recipientPublic = publicKey ?? publicKeyOf(privateKey);
  const agreements = new Map<string, ReturnType<typeof wrapKeys>>();
  return {
    unwrap(wrapped: string, secretId: string): Uint8Array {
      const parsed = parse(wrapped, 32);
      const ephemeral = toBase64(parsed.prefix);
      let keys = agreements.get(ephemeral);
      if (!keys) {
        let shared: Uint8Array;
        try {
          shared = x25519.getSharedSecret(privateKey, parsed.prefix);
        } catch {
          throw new CryptoError('integrity', 'the wrapped key is not valid');
        }
        try {
          keys = wrapKeys(shared, parsed.prefix, recipientPublic);
        } finally {
          shared.fill(0);
        }
        agreements.set(ephemeral, keys);
      }
      const key = keys.keyFor(secretId);
      try {
        return parsed.open(key, utf8Encode(secretId));
      } finally {
        key.fill(0);
      }
    },
    /**
     * Makes ahead, through the runtime's native X25519 where it has one, the agreements these wrapped keys
     * need, so that unwrapping them costs no agreement (keys wrapped one at a time each have their own).
     */
    async prepare(wrappedKeys: readonly string[]): Promise<void> {
      for (const wrapped of wrappedKeys) {
        let ephemeralPublic: Uint8Array;
        try {
          ephemeralPublic = parse(wrapped, 32).prefix.slice();
        } catch {
          continue; // unwrap reports it
        }
        const ephemeral = toBase64(ephemeralPublic);
        if (agreements.has(ephemeral)) continue;
        let shared: Uint8Array;
        try {
          shared = await agree(privateKey, ephemeralPublic);
        } catch {
          continue;
        }
        try {
          agreements.set(ephemeral, wrapKeys(shared, ephemeralPublic, recipientPublic));
        } catch {
          // An all-zero agreement: unwrap reports it.
        } finally {
          shared.fill(0);
        }
      }
    },
    forget(): void {
      for (const keys of agreements.values()) keys.wipe();
      agreements.clear();
    },
  };
}
