import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  agree,
  contentKeyOpener,
  generateUserKeyPair,
  hasNativeX25519,
  newContentKey,
  toBase64,
  wrapContentKey,
} from './index.ts';

describe('X25519 agreement', () => {
  it('runs natively in Node 20 and gives the same bytes as @noble/curves (RFC 7748 vector too)', async () => {
    expect(await hasNativeX25519()).toBe(true);
    const a = generateUserKeyPair();
    const b = generateUserKeyPair();
    expect(toBase64(await agree(a.privateKey, b.publicKey))).toBe(
      toBase64(x25519.getSharedSecret(a.privateKey, b.publicKey)),
    );
    // RFC 7748 section 6.1: Alice's private key, Bob's public key, their shared secret.
    const hex = (t: string) => Uint8Array.from(t.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    const shared = await agree(
      hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'),
      hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
    );
    expect(toBase64(shared)).toBe(
      toBase64(hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742')),
    );
  });

  it('refuses a low-order public key', async () => {
    await expect(agree(generateUserKeyPair().privateKey, new Uint8Array(32))).rejects.toMatchObject({
      code: 'integrity',
    });
  });

  it('makes ahead the agreements a batch of keys wrapped one at a time needs, and they still open', async () => {
    const user = generateUserKeyPair();
    const items = Array.from({ length: 5 }, () => ({ key: newContentKey(), id: crypto.randomUUID() }));
    const wrapped = items.map((i) => wrapContentKey(i.key, user.publicKey, i.id));
    const opener = contentKeyOpener(user.privateKey, user.publicKey);
    await opener.prepare([...wrapped, 'not a wrapped key']);
    expect(items.map((i, n) => toBase64(opener.unwrap(wrapped[n] as string, i.id)))).toEqual(
      items.map((i) => toBase64(i.key)),
    );
    expect(() => opener.unwrap(wrapped[0] as string, items[1]?.id ?? '')).toThrow(/does not open/);
    opener.forget();
  });
});
