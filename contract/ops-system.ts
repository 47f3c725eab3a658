// System operations: seal status, first-run initialisation, unsealing, sealing and keyring rotation.
import { z } from 'zod';
import { credentialMaterialSchema, displayNameSchema, empty, usernameSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_CREDENTIALS } from './examples.ts';
import { adminOnly } from './roles.ts';

export const sealStatusSchema = z.object({
  initialized: z.boolean(),
  sealed: z.boolean(),
  method: z.enum(['passphrase', 'shares']).nullable(),
  threshold: z.int().nullable(),
  shares: z.int().nullable(),
  /** Key shares received so far toward the threshold. */
  progress: z.int(),
  keyringTerm: z.int().nullable(),
  version: z.string(),
});
export type SealStatus = z.infer<typeof sealStatusSchema>;

const unsealMethodSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('passphrase'), passphrase: z.string().min(12).max(1024) }),
  z
    .object({
      method: z.literal('shares'),
      shares: z.int().min(2).max(10),
      threshold: z.int().min(2).max(10),
    })
    .refine((m) => m.threshold <= m.shares, {
      message: 'threshold must not exceed shares',
      path: ['threshold'],
    }),
]);

export const systemOperations = {
  status: defineOperation({
    summary: 'Whether the server is initialised and sealed; the only answer a sealed server gives.',
    input: empty,
    output: sealStatusSchema,
    access: { kind: 'public' },
    route: { method: 'GET', path: '/v1/status' },
    example: {},
    whileSealed: true,
  }),
  init: defineOperation({
    summary:
      'First run: create the keyring, its unseal passphrase or key shares, and the first administrator.',
    input: z
      .object({
        unseal: unsealMethodSchema,
        admin: z.object({
          username: usernameSchema,
          displayName: displayNameSchema,
          credentials: credentialMaterialSchema,
        }),
      })
      .strict(),
    output: z.object({ shares: z.array(z.string()).nullable(), adminId: z.uuid(), status: sealStatusSchema }),
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/sys/init' },
    example: {
      unseal: { method: 'passphrase', passphrase: 'correct horse battery staple' },
      admin: { username: 'admin', displayName: 'Administrator', credentials: EXAMPLE_CREDENTIALS },
    },
    whileSealed: true,
  }),
  unseal: defineOperation({
    summary: 'Unseal with the passphrase, or one key share at a time until the threshold is reached.',
    input: z.union([
      z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
      z
        .object({
          share: z
            .string()
            .regex(/^[0-9a-f]+$/i, { message: 'must be a hex key share' })
            .max(200),
        })
        .strict(),
      z.object({ reset: z.literal(true) }).strict(),
    ]),
    output: sealStatusSchema,
    rateLimit: 'login',
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/sys/unseal' },
    example: { passphrase: 'correct horse battery staple' },
    whileSealed: true,
  }),
  seal: defineOperation({
    summary: 'Seal the server: keys leave memory and every session must wait for the next unseal.',
    input: empty,
    output: sealStatusSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/sys/seal' },
    example: {},
  }),
  rotateKeyring: defineOperation({
    summary: 'Start a new keyring term: new writes use it, older terms keep decrypting.',
    input: empty,
    output: z.object({ term: z.int() }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/sys/keyring/rotate' },
    example: {},
  }),
};
