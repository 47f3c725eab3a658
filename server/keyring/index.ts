// The at-rest layer: envelopes bound to their row, the rotating keyring, and sealing by passphrase or shares.
export { type Binding, bindingAad, openWithKey, readTerm, sealWithKey } from './envelope.ts';
export { IntegrityError, UnsealError } from './errors.ts';
export { Keyring, type TermRecord } from './keyring.ts';
export {
  DEFAULT_UNSEAL_KDF,
  initKeyring,
  type KdfCost,
  type SealRecord,
  type UnsealMethod,
  unsealWithPassphrase,
  unsealWithShares,
} from './seal.ts';
