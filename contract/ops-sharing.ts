// Contacts, grants and machine identities. Content keys arrive wrapped to each reader's public key: the
// server stores and hands out wrapped keys but can unwrap none of them.
import { z } from 'zod';
import {
  ack,
  base64Schema,
  credentialMaterialSchema,
  displayNameSchema,
  idSchema,
  timestampSchema,
  usernameSchema,
} from './common.ts';
import { defineOperation } from './define.ts';
import {
  EXAMPLE_CIPHERTEXT,
  EXAMPLE_CREDENTIALS,
  EXAMPLE_KEY_PIN,
  EXAMPLE_SECRET_ID,
  EXAMPLE_USER_ID,
  EXAMPLE_WRAPPED_KEY,
} from './examples.ts';
import { secretSummarySchema } from './ops-secrets.ts';
import { allRoles, roleSchema } from './roles.ts';

const wrappedKeySchema = base64Schema(512).min(40);
/** A client-made MAC over (principal id, public key): stored by the server, checked by its maker. */
const keyPinSchema = base64Schema(64).min(40);
export const principalKindSchema = z.enum(['person', 'machine']);
export const grantPermissionSchema = z.enum(['read', 'write']);

export const principalSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  kind: principalKindSchema,
  /** The X25519 public key that content keys are wrapped to. */
  publicKey: z.string(),
  isActive: z.boolean(),
});
export type Principal = z.infer<typeof principalSchema>;

export const contactSchema = principalSchema.extend({
  keyPin: z.string(),
  addedAt: timestampSchema,
  /** Secrets of mine this contact holds a grant to, and of theirs I hold a grant to. */
  sharedByMe: z.int(),
  sharedWithMe: z.int(),
  lastActivity: timestampSchema.nullable(),
});
export type Contact = z.infer<typeof contactSchema>;

export const grantViewSchema = z.object({
  secretId: z.uuid(),
  secretName: z.string(),
  principalId: z.uuid(),
  permission: grantPermissionSchema,
  grantedAt: timestampSchema,
  grantedBy: z.uuid(),
  /** 'out' when the caller's secret is shared with the contact, 'in' when the contact's is shared with the caller. */
  direction: z.enum(['out', 'in']),
});

const session = { kind: 'session', roles: allRoles } as const;
const canShare = { kind: 'session', roles: allRoles, resource: 'secret', need: 'share' } as const;
const ownerOnly = { kind: 'session', roles: allRoles, resource: 'secret', need: 'owner' } as const;

export const sharingOperations = {
  findPrincipal: defineOperation({
    summary: 'Look up an active user or machine identity by name, with the public key to pin and share to.',
    input: z.object({ username: usernameSchema }).strict(),
    output: principalSchema,
    access: session,
    route: { method: 'GET', path: '/v1/principals/:username' },
    example: { username: 'bob' },
  }),
  addContact: defineOperation({
    summary:
      'Add someone (or a machine identity) to the caller’s contacts, with the client’s pin of their key.',
    input: z.object({ userId: idSchema, keyPin: keyPinSchema }).strict(),
    output: contactSchema,
    access: session,
    route: { method: 'POST', path: '/v1/contacts' },
    example: { userId: EXAMPLE_USER_ID, keyPin: EXAMPLE_KEY_PIN },
    auditTarget: 'userId',
  }),
  repinContact: defineOperation({
    summary: 'Accept a contact’s new public key after comparing its fingerprint out of band.',
    input: z.object({ userId: idSchema, keyPin: keyPinSchema }).strict(),
    output: contactSchema,
    access: session,
    route: { method: 'PUT', path: '/v1/contacts/:userId/pin' },
    example: { userId: EXAMPLE_USER_ID, keyPin: EXAMPLE_KEY_PIN },
    auditTarget: 'userId',
  }),
  removeContact: defineOperation({
    summary: 'Remove someone from the caller’s contacts (grants stay until revoked).',
    input: z.object({ userId: idSchema }).strict(),
    output: ack,
    access: session,
    route: { method: 'DELETE', path: '/v1/contacts/:userId' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
  listContacts: defineOperation({
    summary: 'The caller’s contacts with how much is shared each way and the latest activity.',
    input: z.object({ query: z.string().max(64).optional() }).strict(),
    output: z.object({ contacts: z.array(contactSchema) }),
    access: session,
    route: { method: 'GET', path: '/v1/contacts' },
    example: { query: 'bob' },
  }),
  contactThread: defineOperation({
    summary: 'Everything shared between the caller and one contact, both ways, newest first.',
    input: z.object({ userId: idSchema }).strict(),
    output: z.object({ grants: z.array(grantViewSchema) }),
    access: session,
    route: { method: 'GET', path: '/v1/contacts/:userId/thread' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
  shareSecret: defineOperation({
    summary:
      'Grant a secret to a person or machine identity, read-only or read-write, with the content key wrapped to them.',
    input: z
      .object({
        id: idSchema,
        principalId: idSchema,
        permission: grantPermissionSchema,
        wrappedKey: wrappedKeySchema,
      })
      .strict(),
    output: ack,
    access: canShare,
    route: { method: 'POST', path: '/v1/secrets/:id/grants' },
    example: {
      id: EXAMPLE_SECRET_ID,
      principalId: EXAMPLE_USER_ID,
      permission: 'read',
      wrappedKey: EXAMPLE_WRAPPED_KEY,
    },
    auditTarget: 'id',
  }),
  listSecretGrants: defineOperation({
    summary: 'Who holds a grant to a secret, with their public keys (for re-wrapping at key rotation).',
    input: z.object({ id: idSchema }).strict(),
    output: z.object({
      grants: z.array(
        principalSchema.extend({
          permission: grantPermissionSchema,
          grantedAt: timestampSchema,
          grantedBy: z.uuid(),
        }),
      ),
      keyGeneration: z.int(),
      liveVersions: z.array(z.int()),
    }),
    access: canShare,
    route: { method: 'GET', path: '/v1/secrets/:id/grants' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  revokeShare: defineOperation({
    summary: 'Remove a grant and its wrapped key at once; the owner’s client then rotates the content key.',
    input: z.object({ id: idSchema, principalId: idSchema }).strict(),
    output: ack,
    access: ownerOnly,
    route: { method: 'DELETE', path: '/v1/secrets/:id/grants/:principalId' },
    example: { id: EXAMPLE_SECRET_ID, principalId: EXAMPLE_USER_ID },
    auditTarget: 'id',
  }),
  rotateSecretKey: defineOperation({
    summary:
      'Replace the content key: every live version re-encrypted and every remaining reader’s key re-wrapped, at once.',
    input: z
      .object({
        id: idSchema,
        expectedVersion: z.int().min(1),
        expectedGeneration: z.int().min(1),
        values: z
          .array(z.object({ version: z.int().min(1), value: base64Schema(1_000_000).min(40) }).strict())
          .min(1)
          .max(1000),
        wrappedKeys: z
          .array(z.object({ principalId: idSchema, wrappedKey: wrappedKeySchema }).strict())
          .min(1)
          .max(10_000),
        /** Each finished file's key re-wrapped under the new content key (its chunks stay as they are). */
        attachmentKeys: z
          .array(z.object({ attachmentId: idSchema, wrappedKey: wrappedKeySchema }).strict())
          .max(100_000)
          .default([]),
      })
      .strict(),
    output: z.object({ keyGeneration: z.int() }),
    access: ownerOnly,
    route: { method: 'POST', path: '/v1/secrets/:id/key/rotate' },
    example: {
      id: EXAMPLE_SECRET_ID,
      expectedVersion: 1,
      expectedGeneration: 1,
      values: [{ version: 1, value: EXAMPLE_CIPHERTEXT }],
      wrappedKeys: [{ principalId: EXAMPLE_USER_ID, wrappedKey: EXAMPLE_WRAPPED_KEY }],
    },
    auditTarget: 'id',
  }),
  listSharedWithMe: defineOperation({
    summary: 'Secrets other principals have granted to the caller.',
    input: z.object({ query: z.string().max(200).optional() }).strict(),
    output: z.object({
      items: z.array(
        secretSummarySchema.extend({
          ownerId: z.uuid(),
          ownerName: z.string(),
          /** The owner's user name, to look them up (findPrincipal) and add them as a contact. */
          ownerUsername: z.string(),
          permission: grantPermissionSchema,
          grantedAt: timestampSchema,
        }),
      ),
    }),
    access: session,
    route: { method: 'GET', path: '/v1/shared-with-me' },
    example: {},
  }),
  createMachineIdentity: defineOperation({
    summary:
      'Make a machine identity owned by the caller: its credentials and key pair are made by the caller’s client.',
    input: z
      .object({
        username: usernameSchema,
        displayName: displayNameSchema,
        credentials: credentialMaterialSchema,
      })
      .strict(),
    output: principalSchema,
    access: session,
    route: { method: 'POST', path: '/v1/machines' },
    example: { username: 'ci-deploy', displayName: 'CI deploy job', credentials: EXAMPLE_CREDENTIALS },
  }),
  listMachineIdentities: defineOperation({
    summary: 'The machine identities the caller made.',
    input: z.object({}).strict(),
    output: z.object({ machines: z.array(principalSchema.extend({ createdAt: timestampSchema })) }),
    access: session,
    route: { method: 'GET', path: '/v1/machines' },
    example: {},
  }),
  revokeMachineIdentity: defineOperation({
    summary: 'End a machine identity: it cannot log in, its sessions end and its grants go, at once.',
    input: z.object({ userId: idSchema }).strict(),
    output: ack,
    access: session,
    route: { method: 'DELETE', path: '/v1/machines/:userId' },
    example: { userId: EXAMPLE_USER_ID },
    auditTarget: 'userId',
  }),
};
