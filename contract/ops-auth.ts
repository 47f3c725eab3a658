// Authentication operations: pre-login parameters, login and logout, enrollment, password change, sessions.
import { z } from 'zod';
import {
  ack,
  base64Schema,
  credentialMaterialSchema,
  empty,
  idSchema,
  kdfParamsSchema,
  key32Schema,
  passwordPolicySchema,
  timestampSchema,
  usernameSchema,
} from './common.ts';
import { defineOperation } from './define.ts';
import {
  EXAMPLE_AUTH_HASH,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_ENCRYPTED_VAULT_KEY,
  EXAMPLE_REWRAPPED_KEY,
  EXAMPLE_SEALED_VAULT_KEY,
  EXAMPLE_SECRET_ID,
  EXAMPLE_SESSION_ID,
  EXAMPLE_WRAPPED_KEY,
} from './examples.ts';
import { allRoles, clientKindSchema, roleSchema } from './roles.ts';

export const userSummarySchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});

export const sessionInfoSchema = z.object({
  id: z.uuid(),
  clientKind: clientKindSchema,
  address: z.string(),
  port: z.int(),
  createdAt: timestampSchema,
  lastSeenAt: timestampSchema,
  expiresAt: timestampSchema,
  current: z.boolean(),
});

export const authOperations = {
  prelogin: defineOperation({
    summary: 'The salt and KDF parameters to derive keys from a password; unknown names get stable decoys.',
    input: z.object({ username: usernameSchema }).strict(),
    output: z.object({ salt: z.string(), kdf: kdfParamsSchema }),
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/auth/prelogin' },
    example: { username: 'alice' },
  }),
  login: defineOperation({
    summary: 'Open a session with the authentication hash derived on the client (never the password).',
    input: z
      .object({ username: usernameSchema, authHash: key32Schema, clientKind: clientKindSchema })
      .strict(),
    output: z.object({
      token: z.string(),
      sessionId: z.uuid(),
      expiresAt: timestampSchema,
      user: userSummarySchema,
      publicKey: z.string(),
      encryptedPrivateKey: z.string(),
      /** Null for an account made before vault keys: the client makes one and calls adoptVaultKey. */
      encryptedVaultKey: z.string().nullable(),
    }),
    rateLimit: 'login',
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/auth/login' },
    example: { username: 'alice', authHash: EXAMPLE_AUTH_HASH, clientKind: 'cli' },
  }),
  logout: defineOperation({
    summary: 'End the current session.',
    input: empty,
    output: ack,
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/auth/logout' },
    example: {},
  }),
  enroll: defineOperation({
    summary: 'Redeem a one-time enrollment code: set the password-derived credentials and the key pair.',
    input: z
      .object({
        username: usernameSchema,
        code: z.string().trim().min(16).max(64),
        credentials: credentialMaterialSchema,
      })
      .strict(),
    output: z.object({ userId: z.uuid() }),
    rateLimit: 'login',
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/auth/enroll' },
    example: { username: 'bob', code: 'K7QM-4XWT-9PLD-2HRF', credentials: EXAMPLE_CREDENTIALS },
  }),
  changePassword: defineOperation({
    summary:
      'Replace the credentials (the private key re-wrapped under the new password); other sessions end.',
    input: z.object({ currentAuthHash: key32Schema, credentials: credentialMaterialSchema }).strict(),
    output: ack,
    rateLimit: 'login',
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/auth/password' },
    example: { currentAuthHash: EXAMPLE_AUTH_HASH, credentials: EXAMPLE_CREDENTIALS },
  }),
  adoptVaultKey: defineOperation({
    summary:
      'Store the caller’s first vault key (sealed on the client; the server cannot open it). Once one is stored it stays: the answer is the stored one, so two devices migrating at once end with the same key.',
    input: z
      .object({
        encryptedVaultKey: base64Schema(256).min(40),
        sealedVaultKey: base64Schema(256).min(40),
      })
      .strict(),
    output: z.object({ encryptedVaultKey: z.string(), sealedVaultKey: z.string() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/auth/vault-key' },
    example: { encryptedVaultKey: EXAMPLE_ENCRYPTED_VAULT_KEY, sealedVaultKey: EXAMPLE_SEALED_VAULT_KEY },
  }),
  rewrapOwnKeys: defineOperation({
    summary:
      'Replace the caller’s own wrapped content keys of up to 500 of their secrets with the same keys re-wrapped under their vault key; each only while the stored one is still `expected` (check-and-set), else skipped.',
    input: z
      .object({
        items: z
          .array(
            z
              .object({
                id: idSchema,
                expected: base64Schema(512).min(40),
                wrappedKey: base64Schema(512).min(40),
              })
              .strict(),
          )
          .min(1)
          .max(500),
      })
      .strict(),
    output: z.object({ rewrapped: z.int(), skipped: z.int() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/auth/vault-key/rewrap' },
    example: {
      items: [{ id: EXAMPLE_SECRET_ID, expected: EXAMPLE_WRAPPED_KEY, wrappedKey: EXAMPLE_REWRAPPED_KEY }],
    },
  }),
  getPasswordRules: defineOperation({
    summary:
      'What a new password must be and the key-derivation parameters for it: clients check the one and use the other when a password is chosen.',
    input: empty,
    output: z.object({ policy: passwordPolicySchema, kdf: kdfParamsSchema }),
    access: { kind: 'public' },
    route: { method: 'GET', path: '/v1/auth/password-rules' },
    example: {},
  }),
  whoami: defineOperation({
    summary: 'The signed-in user and session.',
    input: empty,
    output: z.object({ user: userSummarySchema, sessionId: z.uuid(), expiresAt: timestampSchema }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'GET', path: '/v1/auth/me' },
    example: {},
  }),
  listMySessions: defineOperation({
    summary: 'The caller’s open sessions.',
    input: empty,
    output: z.object({ sessions: z.array(sessionInfoSchema) }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'GET', path: '/v1/auth/sessions' },
    example: {},
  }),
  endSession: defineOperation({
    summary: 'End one of the caller’s sessions by its handle (administrators: anyone’s).',
    input: z.object({ sessionId: idSchema }).strict(),
    output: ack,
    access: { kind: 'session', roles: allRoles },
    route: { method: 'DELETE', path: '/v1/auth/sessions/:sessionId' },
    example: { sessionId: EXAMPLE_SESSION_ID },
    auditTarget: 'sessionId',
  }),
};
