// Import and export operations: an import is staged in batches and applied in one transaction, or not at all.
import { z } from 'zod';
import { ack, idSchema, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { secretOperations } from './ops-secrets.ts';
import { allRoles } from './roles.ts';

/** Items one stageImport call may carry: a batch small enough to stay well under the request size limit. */
export const STAGE_BATCH_LIMIT = 500;
/** Items one import may hold in all. */
export const IMPORT_ITEM_LIMIT = 200_000;
/** Secrets one readSecretBatch call may read. */
export const READ_BATCH_LIMIT = 500;

const create = secretOperations.createSecret.input.shape;

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
    } else if (item.wrappedKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wrappedKey'], message: 'is required for a new secret' });
    }
  });
export type StagedItem = z.output<typeof stagedItemSchema>;

const byImport = z.object({ importId: idSchema }).strict();
const session = { kind: 'session', roles: allRoles } as const;

export const importOperations = {
  beginImport: defineOperation({
    summary:
      'Open an import: items are staged into it in batches and applied together by commitImport. It expires an hour after its last use.',
    input: z.object({}).strict(),
    output: z.object({ importId: z.uuid(), expiresAt: timestampSchema }),
    access: session,
  }),
  stageImport: defineOperation({
    summary: `Add up to ${STAGE_BATCH_LIMIT} items to one of the caller's imports; nothing is applied before commitImport.`,
    input: z
      .object({ importId: idSchema, items: z.array(stagedItemSchema).min(1).max(STAGE_BATCH_LIMIT) })
      .strict(),
    output: z.object({ staged: z.int(), expiresAt: timestampSchema }),
    access: session,
    auditTarget: 'importId',
  }),
  commitImport: defineOperation({
    summary:
      'Apply every staged item of an import in one transaction (replacements check-and-set); on any conflict nothing is applied.',
    input: byImport,
    output: z.object({ created: z.int(), replaced: z.int() }),
    access: session,
    auditTarget: 'importId',
  }),
  abortImport: defineOperation({
    summary: 'Drop an import and everything staged in it.',
    input: byImport,
    output: ack,
    access: session,
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
        }),
      ),
    }),
    access: session,
  }),
};
