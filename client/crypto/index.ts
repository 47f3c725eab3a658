// The client's end-to-end crypto (Node 20+ and browsers alike): KDF, user keys, item encryption, key wrapping.
export * from './encoding.ts';
export { CryptoError } from './errors.ts';
export * from './item-crypto.ts';
export * from './kdf.ts';
export * from './key-pins.ts';
export * from './user-keys.ts';
