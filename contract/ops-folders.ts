// Folders and the trash: the folder tree (folders that hold secrets, and folders kept empty), making,
// renaming or moving and deleting a folder, and deleting from the trash for good. Folder paths, like
// secrets' paths, are metadata the unsealed server sees (sealed at rest); they never go to the audit log.
import { z } from 'zod';
import { ack, idSchema, pathSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_SECRET_ID } from './examples.ts';
import { allRoles } from './roles.ts';

/** How many empty folders one user may keep (folders that hold secrets do not count). */
export const MAX_STORED_FOLDERS = 1000;

/** A folder other than the top one ("/" always exists and cannot be made, moved or deleted). */
const folderPathSchema = pathSchema.refine((p) => p !== '/', { message: 'the top folder cannot be changed' });

export const folderSchema = z.object({
  path: z.string(),
  /** Own live secrets right in this folder (not below it); 0 for a folder kept empty. */
  count: z.int(),
});

export const folderOperations = {
  listFolders: defineOperation({
    summary:
      'The folder tree: every folder holding own secrets (with how many) and every folder kept empty (count 0), and how many own secrets the trash holds.',
    input: z.object({}).strict(),
    output: z.object({ folders: z.array(folderSchema), trash: z.int() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'GET', path: '/v1/folders' },
    example: {},
  }),
  createFolder: defineOperation({
    summary: `Keep an empty folder (its parents show in the tree around it). Each user keeps at most ${MAX_STORED_FOLDERS} empty folders; making one that exists already changes nothing.`,
    input: z.object({ path: folderPathSchema }).strict(),
    output: z.object({ path: z.string(), created: z.boolean() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/folders' },
    example: { path: '/ops/new' },
  }),
  deleteFolder: defineOperation({
    summary:
      'Delete an empty folder and the empty folders inside it. A folder that holds a secret (in it or below it, the trash aside) is refused, naming it.',
    input: z.object({ path: folderPathSchema }).strict(),
    output: z.object({ deleted: z.int() }),
    access: { kind: 'session', roles: allRoles },
    route: { method: 'POST', path: '/v1/folders/delete' },
    example: { path: '/ops/old' },
  }),
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
      'Rename or move a folder: every own secret in `from` or below it, and every folder kept empty there, moves to the same place under `to`, all or none. A secret whose new folder already holds one of the same name is a conflict naming it; each moved secret’s revision goes up.',
    input: z
      .object({
        from: folderPathSchema,
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
  }),
};
