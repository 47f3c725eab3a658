// The published XChaCha20-Poly1305 vectors (draft-irtf-cfrg-xchacha-03), written out once: @noble is tested
// against them beside this file (xchacha-vectors.test.ts), the keyhold command's native AEAD in
// tests/native-xchacha.test.ts. Test data only: no shipped module imports it.

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/** HChaCha20 (§2.2.1): the subkey a native ChaCha20-Poly1305 is keyed with. `subkey` is hex. */
export const HCHACHA20_VECTOR = {
  key: Uint8Array.from({ length: 32 }, (_, i) => i),
  nonce: hex('000000090000004a0000000031415927'),
  subkey: '82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc',
} as const;

/** The AEAD vector (§A.3.1). `sealed` is hex: the ciphertext, then the 16-byte tag. */
export const XCHACHA_AEAD_VECTOR = {
  key: Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i),
  nonce: Uint8Array.from({ length: 24 }, (_, i) => 0x40 + i),
  aad: hex('50515253c0c1c2c3c4c5c6c7'),
  plaintext: new TextEncoder().encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
  sealed:
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64' +
    'c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97' +
    '637da9768812f615c68b13b52e' +
    'c0875924c1c7987947deafd8780acf49',
} as const;
