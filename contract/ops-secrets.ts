// Secret operations: values arrive and leave as end-to-end ciphertext; names, paths and tags are server-visible.
import { z } from 'zod';
import {
  ack,
  base64Schema,
  idSchema,
  pageSchema,
  pathSchema,
  secretNameSchema,
  secretTypeSchema,
  tagSchema,
  timestampSchema,
} from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_CIPHERTEXT, EXAMPLE_SECRET_ID, EXAMPLE_WRAPPED_KEY } from './examples.ts';
import { allRoles } from './roles.ts';

/** The end-to-end ciphertext of a value (with its notes and fields), opaque to the server. */
const cipherValueSchema = base64Schema(1_000_000).min(40);
/** The content key wrapped to the caller's public key. */
const wrappedKeySchema = base64Schema(512).min(40);

export const secretSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  path: z.string(),
  tags: z.array(z.string()),
  type: secretTypeSchema,
  version: z.int(),
  /** Counts every change, metadata or value: name it in updateSecret's expectedRevision (check-and-set). */
  revision: z.int(),
  updatedAt: timestampSchema,
  deletedAt: timestampSchema.nullable(),
});
export type SecretSummary = z.infer<typeof secretSummarySchema>;

const pageOf = z.object({
  items: z.array(secretSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.int(),
});
/** Random access for a virtualized list: a page may start at any position instead of after a cursor. */
const offsetSchema = z.int().min(0).max(10_000_000).optional();
const bySecret = z.object({ id: idSchema }).strict();
const ownSecret = { kind: 'session', roles: allRoles, resource: 'secret', need: 'owner' } as const;
const readable = { kind: 'session', roles: allRoles, resource: 'secret', need: 'read' } as const;
const writable = { kind: 'session', roles: allRoles, resource: 'secret', need: 'write' } as const;

export const secretOperations = {
  createSecret: defineOperation({
    summary: 'Store a new secret; the client picks its id, because the id is bound into the ciphertext.',
    input: z
      .object({
        id: idSchema,
        name: secretNameSchema,
        path: pathSchema.default('/'),
        tags: z.array(tagSchema).max(20).default([]),
        type: secretTypeSchema,
        value: cipherValueSchema,
        wrappedKey: wrappedKeySchema,
      })
      .strict(),
    output: z.object({ id: z.uuid(), version: z.int() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/secrets' },
    example: {
      id: EXAMPLE_SECRET_ID,
      name: 'deploy key',
      path: '/ops',
      tags: ['production'],
      type: 'api_key',
      value: EXAMPLE_CIPHERTEXT,
      wrappedKey: EXAMPLE_WRAPPED_KEY,
    },
    auditTarget: 'id',
  }),
  readSecret: defineOperation({
    summary: 'One secret with its value ciphertext (the current version, or the one asked for).',
    input: z.object({ id: idSchema, version: z.int().min(1).optional() }).strict(),
    output: secretSummarySchema.extend({
      value: z.string(),
      wrappedKey: z.string(),
      valueVersion: z.int(),
      /** When this version was written (for an import: the date it had in the tool it came from). */
      createdAt: timestampSchema,
      /** When the secret itself was first made. */
      secretCreatedAt: timestampSchema,
    }),
    access: readable,
    route: { method: 'GET', path: '/v1/secrets/:id' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  updateSecret: defineOperation({
    summary:
      'Change a secret if it is still at expectedVersion (and expectedRevision, when given): check-and-set; a new value is a new version. A rename, move, retag or retype naming only expectedVersion is refused once the metadata changed since that version.',
    input: z
      .object({
        id: idSchema,
        expectedVersion: z.int().min(1),
        /** The summary's revision the caller saw: any change since, metadata or value, is a conflict. */
        expectedRevision: z.int().min(1).optional(),
        name: secretNameSchema.optional(),
        path: pathSchema.optional(),
        tags: z.array(tagSchema).max(20).optional(),
        type: secretTypeSchema.optional(),
        value: cipherValueSchema.optional(),
      })
      .strict(),
    output: z.object({ id: z.uuid(), version: z.int() }),
    access: writable,
    route: { method: 'PATCH', path: '/v1/secrets/:id' },
    example: { id: EXAMPLE_SECRET_ID, expectedVersion: 1, name: 'deploy key (staging)' },
    auditTarget: 'id',
  }),
  listSecrets: defineOperation({
    summary:
      'Secrets in a folder (and below, when recursive), a page at a time (after a cursor or from an offset), sorted by path and name.',
    input: pageSchema
      .extend({
        offset: offsetSchema,
        path: pathSchema.default('/'),
        recursive: z.boolean().default(true),
        deleted: z.boolean().default(false),
      })
      .strict(),
    output: pageOf,
    access: { kind: 'session', roles: allRoles },
    route: { method: 'GET', path: '/v1/secrets' },
    example: { path: '/ops', limit: 50 },
  }),
  searchSecrets: defineOperation({
    summary: 'Secrets whose name, path or tag contains the query (case-insensitive).',
    input: pageSchema
      .extend({
        offset: offsetSchema,
        query: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .refine((q) => ![...q].some((c) => c.charCodeAt(0) < 0x20), {
            message: 'must not contain control characters',
          }),
      })
      .strict(),
    output: pageOf,
    access: { kind: 'session', roles: allRoles },
    route: { method: 'GET', path: '/v1/search' },
    example: { query: 'deploy' },
  }),
  // listFolders: contract/ops-folders.ts (the tree shows folders kept empty too).
  listSecretVersions: defineOperation({
    summary: 'The kept versions of a secret.',
    input: bySecret,
    output: z.object({
      versions: z.array(z.object({ version: z.int(), createdAt: timestampSchema, destroyed: z.boolean() })),
    }),
    access: readable,
    route: { method: 'GET', path: '/v1/secrets/:id/versions' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  deleteSecret: defineOperation({
    summary: 'Move a secret to the trash (soft delete).',
    input: bySecret,
    output: ack,
    access: ownSecret,
    route: { method: 'DELETE', path: '/v1/secrets/:id' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  undeleteSecret: defineOperation({
    summary: 'Bring a secret back from the trash.',
    input: bySecret,
    output: ack,
    access: ownSecret,
    route: { method: 'POST', path: '/v1/secrets/:id/undelete' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  destroySecretVersion: defineOperation({
    summary: 'Erase one version’s ciphertext for good.',
    input: z.object({ id: idSchema, version: z.int().min(1) }).strict(),
    output: ack,
    access: ownSecret,
    route: { method: 'DELETE', path: '/v1/secrets/:id/versions/:version' },
    example: { id: EXAMPLE_SECRET_ID, version: 1 },
    auditTarget: 'id',
  }),
};
