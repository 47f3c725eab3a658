// Per-item key costs behind whole-vault work (issue 18), measured side by side in one run: a content key
// unwrapped with a key agreement each (the first design), with one agreement per batch, and under the
// vault key; and one X25519 agreement in @noble/curves against the runtime's WebCrypto.
import { x25519 } from '@noble/curves/ed25519.js';
import {
  contentKeyOpener,
  generateUserKeyPair,
  newContentKey,
  newVaultKey,
  unwrapContentKey,
  unwrapOwnContentKey,
  wrapContentKey,
  wrapContentKeys,
  wrapOwnContentKey,
} from '../client/crypto/index.ts';

export interface KeyWrapBench {
  /** Microseconds per content key unwrapped. */
  perItemAgreement: number;
  batchAgreement: number;
  vaultKey: number;
  /** Microseconds per X25519 agreement; webCrypto null when the runtime lacks X25519. */
  nobleX25519: number;
  webCryptoX25519: number | null;
}

const microsPer = (n: number, run: () => void) => {
  const started = performance.now();
  run();
  return ((performance.now() - started) * 1000) / n;
};

async function webCryptoAgreement(n: number): Promise<number | null> {
  try {
    const mine = (await crypto.subtle.generateKey({ name: 'X25519' }, false, [
      'deriveBits',
    ])) as CryptoKeyPair;
    const theirs = (await crypto.subtle.generateKey({ name: 'X25519' }, true, [
      'deriveBits',
    ])) as CryptoKeyPair;
    const raw = await crypto.subtle.exportKey('raw', theirs.publicKey);
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      // An import per agreement, as a wrapped key brings its ephemeral public key as bytes.
      const pub = await crypto.subtle.importKey('raw', raw, { name: 'X25519' }, false, []);
      await crypto.subtle.deriveBits({ name: 'X25519', public: pub }, mine.privateKey, 256);
    }
    return ((performance.now() - started) * 1000) / n;
  } catch {
    return null;
  }
}

export async function runKeyWrapBench(items = 2000): Promise<KeyWrapBench> {
  const user = generateUserKeyPair();
  const vaultKey = newVaultKey();
  const entries = Array.from({ length: items }, () => ({
    contentKey: newContentKey(),
    secretId: crypto.randomUUID(),
  }));
  // A tenth as many for the per-item agreement: it is the slow one.
  const few = entries.slice(0, Math.max(1, items / 10));
  const single = few.map((e) => wrapContentKey(e.contentKey, user.publicKey, e.secretId));
  const batch = wrapContentKeys(entries, user.publicKey);
  const own = entries.map((e) => wrapOwnContentKey(e.contentKey, vaultKey, e.secretId));
  const perItemAgreement = microsPer(few.length, () => {
    for (const [i, e] of few.entries()) unwrapContentKey(single[i] as string, user.privateKey, e.secretId);
  });
  const batchAgreement = microsPer(items, () => {
    const opener = contentKeyOpener(user.privateKey, user.publicKey);
    for (const [i, e] of entries.entries()) opener.unwrap(batch[i] as string, e.secretId);
    opener.forget();
  });
  const vaultKeyMicros = microsPer(items, () => {
    for (const [i, e] of entries.entries()) unwrapOwnContentKey(own[i] as string, vaultKey, e.secretId);
  });
  const theirs = x25519.getPublicKey(x25519.utils.randomSecretKey());
  const nobleX25519 = microsPer(few.length, () => {
    for (let i = 0; i < few.length; i++) x25519.getSharedSecret(user.privateKey, theirs);
  });
  return {
    perItemAgreement,
    batchAgreement,
    vaultKey: vaultKeyMicros,
    nobleX25519,
    webCryptoX25519: await webCryptoAgreement(few.length),
  };
}

const us = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })} µs`;

export function printKeyWrapBench(r: KeyWrapBench): void {
  console.log('7. Unwrapping one of the user’s own content keys, and one X25519 agreement, side by side');
  console.log(
    `   agreement per item / per batch / vault key (AEAD only): ${us(r.perItemAgreement)} / ${us(r.batchAgreement)} / ${us(r.vaultKey)}`,
  );
  console.log(
    `   X25519 agreement: @noble/curves ${us(r.nobleX25519)}, WebCrypto ${r.webCryptoX25519 === null ? 'not in this runtime' : us(r.webCryptoX25519)}`,
  );
  console.log(
    `   ratio vault-key-unwrap: ${(r.vaultKey / r.perItemAgreement).toFixed(3)} (against an agreement per item; target ≤ 0.1)`,
  );
}
