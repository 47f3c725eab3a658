// The client's end-to-end crypto (Node 20+ and browsers alike): KDF, user keys, vault key, item encryption, key wrapping.
export * from './encoding.ts';
export { CryptoError } from './errors.ts';
export * from './item-crypto.ts';
export * from './kdf.ts';
export * from './key-pins.ts';
export * from './own-keys.ts';
export * from './user-keys.ts';
export * from './vault-key.ts';
export { agree, hasNativeX25519 } from './x25519-agreement.ts';
