// The runtime-neutral Keyhold client library: typed caller, transports, vault session, end-to-end crypto.
export { makeCredentials, prepareLogin } from './credentials.ts';
export * as e2e from './crypto/index.ts';
export type { ItemPayload, OpenedPayload } from './item-payload.ts';
export { KeyholdClient, KeyholdError } from './keyhold-client.ts';
export {
  createMachineIdentity,
  type MachineToken,
  machineTokenSchema,
  parseMachineToken,
} from './machine-identity.ts';
export { DEFAULT_PASSWORD_POLICY, type PasswordProblem, passwordProblem } from './password-policy.ts';
export {
  loadStrengthEstimator,
  type PasswordStrength,
  type StrengthEstimator,
} from './password-strength.ts';
export {
  KeyChangedError,
  NotAContactError,
  type Permission,
  type PinnedContact,
  type SharedWithMe,
  Sharing,
} from './sharing.ts';
export { createHttpsTransport, type HttpsTransportOptions } from './transport/https-transport.ts';
export { createIpcTransport } from './transport/ipc-transport.ts';
export type { CallMeta, Transport } from './transport/transport.ts';
export { type NewSecretInput, type OpenedSecret, VaultSession } from './vault-session.ts';
