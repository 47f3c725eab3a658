// Example values the operations' declared examples share: well-formed (each example parses with its own
// schema, a test checks), obviously made up, and the same id for the same thing across operations, so
// the OpenAPI document reads as one story (create a secret, read it, share it with Bob).
import type { CredentialMaterial } from './common.ts';

/** The secret the examples create, read, share and delete. */
export const EXAMPLE_SECRET_ID = '426dcf4a-193e-4ea3-97e7-1349d698a2b6';
/** A second secret, brought in by an import. */
export const EXAMPLE_IMPORTED_ID = 'a489d627-f613-4c2e-991b-cb406724bd0b';
/** Another user (Bob): a contact, a recipient of a grant, a user an administrator manages. */
export const EXAMPLE_USER_ID = 'eb05c244-8bdf-4de8-a450-3f8a0c79794b';
/** A session's handle, as listMySessions and listClients show it. */
export const EXAMPLE_SESSION_ID = '70c1ef74-398e-434a-83d9-407c014e013b';
/** An import opened by beginImport. */
export const EXAMPLE_IMPORT_ID = '1b32a5ad-1fd2-43cd-a8e0-815b8ce52d95';

/** 32 bytes of base64: what a client derives from a password to sign in with. */
export const EXAMPLE_AUTH_HASH = 'aCgNxiLg+7usZc9GskwGaN4NXiR1aHskOyKuIicZf8A=';
/** End-to-end ciphertext of a value, opaque to the server. */
export const EXAMPLE_CIPHERTEXT =
  'UQDe1VrX3X9yEtMQ/fJuJqpp524z4yzZIO5eScT9cpGHuevvfVsBiC6ApozzvyfngMVEBcGGzsrgWaZb';
/** A content key wrapped to one reader's public key. */
export const EXAMPLE_WRAPPED_KEY = 'viHFGZ1dNWFM5Zxo2wWa0b5aQvXcXrSQQyUkCEOWm3uGR40pEUCHihf9dgvGwoq4';
/** The same content key wrapped again, under the owner's vault key. */
export const EXAMPLE_REWRAPPED_KEY = 'DaZs5+N0GbOXQP+8DvTbuITA88dfCEWeiLWxUsg/+EXDmlU3jB+LfXBtsKoTiBnY';
/** A user's vault key sealed under their password-derived key. */
export const EXAMPLE_ENCRYPTED_VAULT_KEY =
  'gwVgnT2vyMHsL/IZRw6V3+wftwWa5J8Vy0se0dGWq7lo9YfidC8A3wnaqgzSYOaR+fdKTGrq16/fOP/xubKelcTJ+O71orde';
/** The same vault key sealed to the user's own public key. */
export const EXAMPLE_SEALED_VAULT_KEY =
  'hfJJ6byYwjPI7C5SqzKDrt3hFkhEDlBs/57lELOF2vfmkt0N7zpvsynWjol3gI6XQiGKX2vI2fMXwDPhQdEmq2ZVSFlGYCbnF5RuAGiIf/I=';
/** A client's MAC over a contact's id and public key. */
export const EXAMPLE_KEY_PIN = '+bRz+zkTNx8RxYxsO+xzBpwI/eZ0fYfwlWI6FQwKOPo=';
/** What a client sends when a password is set: at the production KDF floor, so it parses everywhere. */
export const EXAMPLE_CREDENTIALS: CredentialMaterial = {
  salt: 'ttQcsAOvCeegRY7HrRRP/Q==',
  kdf: { algorithm: 'argon2id', memoryKiB: 65_536, iterations: 3, parallelism: 1 },
  authHash: EXAMPLE_AUTH_HASH,
  publicKey: 'jtaLT4HkR96SrN/V5Zomt7i0GAWhSU4zOaWIcp7cYow=',
  encryptedPrivateKey:
    'f+Fu6gD9EfsbltNKkIfcCSA5dk4RFYuIFuL6TXqgu8opnPZoCMpnQc2rHgnhwRAG12Ab/pRYH9ARnRRz8l4d362UYw0RNOX5',
  encryptedVaultKey: EXAMPLE_ENCRYPTED_VAULT_KEY,
  sealedVaultKey: EXAMPLE_SEALED_VAULT_KEY,
};
