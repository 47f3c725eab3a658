// Import and export operations: an import is staged in batches and applied in one transaction, or not at all.
import { z } from 'zod';
import { ack, idSchema, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import {
  EXAMPLE_CIPHERTEXT,
  EXAMPLE_IMPORT_ID,
  EXAMPLE_IMPORTED_ID,
  EXAMPLE_SECRET_ID,
  EXAMPLE_WRAPPED_KEY,
} from './examples.ts';
import { secretOperations } from './ops-secrets.ts';
import { allRoles } from './roles.ts';

/** Items one stageImport call may carry: a batch small enough to stay well under the request size limit. */
export const STAGE_BATCH_LIMIT = 500;
/** Items one import may hold in all. */
export const IMPORT_ITEM_LIMIT = 200_000;
/** Secrets one readSecretBatch call may read. */
export const READ_BATCH_LIMIT = 500;
/** Earlier versions one new item may bring (KeePass keeps 10 by default, Bitwarden 5 passwords). */
export const IMPORT_HISTORY_LIMIT = 100;
/** Values (current and earlier versions) one stageImport call may carry, so a batch stays a bounded size. */
export const STAGE_VALUE_LIMIT = 2_000;
/** Imported dates before this are a misread file, not a real history. */
const EARLIEST_DATE = '1990-01-01T00:00:00.000Z';

const create = secretOperations.createSecret.input.shape;

/** A date carried over from another tool; the server also refuses one in its future. */
const importedDateSchema = timestampSchema.refine((d) => d >= EARLIEST_DATE, {
  message: `must not be before ${EARLIEST_DATE.slice(0, 10)}`,
});

/** An earlier version of a new item: its value sealed for its version number (its place, from 1), and its date. */
export const stagedVersionSchema = z.object({ value: create.value, createdAt: importedDateSchema }).strict();

/**
 * One staged item: exactly what createSecret takes, or, with `replaces`, a new version of an existing
 * secret (its value encrypted under that secret's content key, which it keeps, so no wrapped key).
 */
export const stagedItemSchema = z
  .object({
    id: create.id,
    name: create.name,
    path: create.path,
    tags: create.tags,
    type: create.type,
    value: create.value,
    wrappedKey: create.wrappedKey.optional(),
    /** When the item was first made in the tool it comes from (a new item only; default: the import's time). */
    createdAt: importedDateSchema.optional(),
    /** When its current value was last changed there (a new item only; default: the import's time). */
    updatedAt: importedDateSchema.optional(),
    /**
     * Earlier versions, oldest first (a new item only): they become versions 1..n, so `value` must be sealed
     * for version n + 1.
     */
    history: z.array(stagedVersionSchema).max(IMPORT_HISTORY_LIMIT).optional(),
    replaces: z
      .object({ id: idSchema, expectedVersion: z.int().min(1) })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.replaces) {
      if (item.replaces.id !== item.id) {
        ctx.addIssue({ code: 'custom', path: ['replaces', 'id'], message: 'must be the id of the item' });
      }
      if (item.wrappedKey !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['wrappedKey'],
          message: 'must be absent for a replacement: it keeps the content key it has',
        });
      }
      for (const key of ['history', 'createdAt', 'updatedAt'] as const) {
        if (item[key] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message:
              'must be absent for a replacement: it adds one version to a secret that has its own history',
          });
        }
      }
    } else if (item.wrappedKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wrappedKey'], message: 'is required for a new secret' });
    }
  });
export type StagedItem = z.output<typeof stagedItemSchema>;

/** Values a batch carries: each item's current value and its earlier versions. */
export const valuesIn = (items: readonly { history?: readonly unknown[] | undefined }[]): number =>
  items.reduce((n, item) => n + 1 + (item.history?.length ?? 0), 0);

const byImport = z.object({ importId: idSchema }).strict();
const session = { kind: 'session', roles: allRoles } as const;

export const importOperations = {
  beginImport: defineOperation({
    summary:
      'Open an import: items are staged into it in batches and applied together by commitImport. It expires an hour after its last use.',
    input: z.object({}).strict(),
    output: z.object({ importId: z.uuid(), expiresAt: timestampSchema }),
    access: session,
    route: { method: 'POST', path: '/v1/imports' },
    example: {},
  }),
  stageImport: defineOperation({
    summary: `Add up to ${STAGE_BATCH_LIMIT} items to one of the caller's imports; nothing is applied before commitImport.`,
    input: z
      .object({ importId: idSchema, items: z.array(stagedItemSchema).min(1).max(STAGE_BATCH_LIMIT) })
      .strict()
      .refine((input) => valuesIn(input.items) <= STAGE_VALUE_LIMIT, {
        message: `must carry at most ${STAGE_VALUE_LIMIT} values (current and earlier versions) in one batch`,
        path: ['items'],
      }),
    output: z.object({ staged: z.int(), expiresAt: timestampSchema }),
    access: session,
    route: { method: 'POST', path: '/v1/imports/:importId/items' },
    example: {
      importId: EXAMPLE_IMPORT_ID,
      items: [
        {
          id: EXAMPLE_IMPORTED_ID,
          name: 'home wifi',
          path: '/home',
          type: 'login',
          value: EXAMPLE_CIPHERTEXT,
          wrappedKey: EXAMPLE_WRAPPED_KEY,
        },
      ],
    },
    auditTarget: 'importId',
  }),
  commitImport: defineOperation({
    summary:
      'Apply every staged item of an import in one transaction (replacements check-and-set); on any conflict nothing is applied. New items keep their earlier versions and dates, pruned to the versions the server keeps.',
    input: byImport,
    output: z.object({
      created: z.int(),
      replaced: z.int(),
      /** Earlier versions written with the new items (after pruning to the server's versionsToKeep). */
      versions: z.int(),
    }),
    access: session,
    route: { method: 'POST', path: '/v1/imports/:importId/commit' },
    example: { importId: EXAMPLE_IMPORT_ID },
    auditTarget: 'importId',
  }),
  abortImport: defineOperation({
    summary: 'Drop an import and everything staged in it.',
    input: byImport,
    output: ack,
    access: session,
    route: { method: 'DELETE', path: '/v1/imports/:importId' },
    example: { importId: EXAMPLE_IMPORT_ID },
    auditTarget: 'importId',
  }),
  readSecretBatch: defineOperation({
    summary: `The current value ciphertext and wrapped key of up to ${READ_BATCH_LIMIT} of the caller's own secrets (export, replacing on import).`,
    input: z
      .object({ ids: z.array(idSchema).min(1).max(READ_BATCH_LIMIT) })
      .strict()
      .refine((input) => new Set(input.ids).size === input.ids.length, {
        message: 'must not name a secret twice',
        path: ['ids'],
      }),
    output: z.object({
      items: z.array(
        z.object({
          id: z.uuid(),
          version: z.int(),
          /** Null when the current version was destroyed. */
          value: z.string().nullable(),
          wrappedKey: z.string(),
          /** When the current version was written (the password health report's age). */
          createdAt: timestampSchema,
          /** How many files the secret carries: an archive lists and fetches files only where there are some. */
          files: z.int().min(0),
        }),
      ),
    }),
    access: session,
    route: { method: 'POST', path: '/v1/secrets/batch-read' },
    example: { ids: [EXAMPLE_SECRET_ID, EXAMPLE_IMPORTED_ID] },
  }),
};
