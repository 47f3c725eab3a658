// Authentication operations: pre-login parameters, login and logout, enrollment, password change, sessions.
import { z } from 'zod';
import {
  ack,
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
    }),
    rateLimit: 'login',
    access: { kind: 'public' },
  }),
  logout: defineOperation({
    summary: 'End the current session.',
    input: empty,
    output: ack,
    access: { kind: 'session', roles: allRoles },
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
  }),
  changePassword: defineOperation({
    summary:
      'Replace the credentials (the private key re-wrapped under the new password); other sessions end.',
    input: z.object({ currentAuthHash: key32Schema, credentials: credentialMaterialSchema }).strict(),
    output: ack,
    rateLimit: 'login',
    access: { kind: 'session', roles: allRoles },
  }),
  getPasswordRules: defineOperation({
    summary:
      'What a new password must be and the key-derivation parameters for it: clients check the one and use the other when a password is chosen.',
    input: empty,
    output: z.object({ policy: passwordPolicySchema, kdf: kdfParamsSchema }),
    access: { kind: 'public' },
  }),
  whoami: defineOperation({
    summary: 'The signed-in user and session.',
    input: empty,
    output: z.object({ user: userSummarySchema, sessionId: z.uuid(), expiresAt: timestampSchema }),
    access: { kind: 'session', roles: allRoles },
  }),
  listMySessions: defineOperation({
    summary: 'The caller’s open sessions.',
    input: empty,
    output: z.object({ sessions: z.array(sessionInfoSchema) }),
    access: { kind: 'session', roles: allRoles },
  }),
  endSession: defineOperation({
    summary: 'End one of the caller’s sessions by its handle (administrators: anyone’s).',
    input: z.object({ sessionId: idSchema }).strict(),
    output: ack,
    access: { kind: 'session', roles: allRoles },
    auditTarget: 'sessionId',
  }),
};
