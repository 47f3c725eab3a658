// Folders and the trash: renaming or moving a folder (a path prefix on the caller's own secrets), and
// deleting from the trash for good. Folders are not stored on their own: a folder is where secrets are.
import { z } from 'zod';
import { ack, idSchema, pathSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_SECRET_ID } from './examples.ts';
import { allRoles } from './roles.ts';

export const folderOperations = {
  purgeSecret: defineOperation({
    summary:
      'Delete a secret in the trash for good: the secret, every version, every grant and wrapped key. The audit log keeps its entries.',
    input: z.object({ id: idSchema }).strict(),
    output: ack,
    // The owner only, as deleteSecret: a recipient (person or machine) never removes what it was lent.
    access: { kind: 'session', roles: allRoles, resource: 'secret', need: 'owner' },
    route: { method: 'DELETE', path: '/v1/trash/:id' },
    example: { id: EXAMPLE_SECRET_ID },
    auditTarget: 'id',
  }),
  emptyTrash: defineOperation({
    summary: 'Delete every secret in the caller’s own trash for good; answers how many.',
    input: z.object({}).strict(),
    output: z.object({ purged: z.int() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'DELETE', path: '/v1/trash' },
    example: {},
  }),
  renameFolder: defineOperation({
    summary:
      'Rename or move a folder: every own secret in `from` or below it moves to the same place under `to`, all or none. A secret whose new folder already holds one of the same name is a conflict naming it; each moved secret’s revision goes up.',
    input: z
      .object({
        from: pathSchema.refine((p) => p !== '/', { message: 'the top folder cannot be renamed' }),
        to: pathSchema,
      })
      .strict()
      .refine((i) => i.to !== i.from && !i.to.startsWith(`${i.from}/`), {
        message: 'must not be the folder itself or inside it',
        path: ['to'],
      }),
    output: z.object({ moved: z.int() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/folders/rename' },
    example: { from: '/ops', to: '/operations' },
    auditTarget: 'from',
  }),
};
