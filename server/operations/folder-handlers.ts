// Handlers for folders and the trash: the tree (folders holding secrets, from the index, and folders kept
// empty, from their table), making and deleting an empty folder, a rename that moves the caller's own
// secrets (check-and-set on each) and kept folders all in one transaction, and purging a trashed secret's
// rows for good (the secrets service's writes bring the index and the grants along once committed).
import { type folderOperations, MAX_STORED_FOLDERS } from '../../contract/ops-folders.ts';
import { OpError } from '../errors.ts';
import { countStoredFolders, deleteFolders, insertFolder, storedFolders } from '../folders/folders-repo.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';
import type { SecretRecord } from '../secrets/secrets-repo.ts';

/** The caller's own secrets in `path` and every folder below it, live or in the trash. */
function ownUnder(ctx: OpContext, ownerId: string, path: string, deleted: boolean): SecretRecord[] {
  const page = ctx.secrets.index.list(ownerId, {
    path,
    recursive: true,
    deleted,
    limit: Number.MAX_SAFE_INTEGER,
  });
  return page.items.flatMap((s) => ctx.secrets.index.record(s.id) ?? []);
}

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Where a path inside `from` lands when `from` becomes `to`. */
function movedPath(path: string, from: string, to: string): string {
  const rest = path.slice(from.length);
  if (to === '/') return rest || '/';
  return `${to}${rest}`;
}

export const folderHandlers: HandlersFor<keyof typeof folderOperations> = {
  listFolders: async (ctx) => {
    const { userId } = ctx.session;
    const holding = ctx.secrets.index.folders(userId);
    const known = new Set(holding.map((f) => f.path));
    const kept = (await storedFolders(ctx.db, ctx.keyring, userId))
      .filter((f) => !known.has(f.path))
      .map((f) => ({ path: f.path, count: 0 }));
    const folders = [...holding, ...kept].sort((a, b) => a.path.localeCompare(b.path));
    const trash = ctx.secrets.index.list(userId, {
      path: '/',
      recursive: true,
      deleted: true,
      limit: 0,
    }).total;
    return { folders, trash };
  },

  createFolder: async (ctx, { path }) => {
    const { userId } = ctx.session;
    const created = await ctx.atomically(async (trx) => {
      const inserted = await insertFolder(trx, ctx.keyring, { ownerId: userId, path, now: ctx.nowIso });
      // Counted after the insert, in the same transaction: two creates at once cannot both pass the limit.
      if (inserted && (await countStoredFolders(trx, userId)) > MAX_STORED_FOLDERS) {
        throw new OpError(
          'conflict',
          `you keep ${MAX_STORED_FOLDERS} empty folders already, the most one user may: delete some, or put secrets in them`,
          { field: 'path' },
        );
      }
      return inserted;
    });
    return { path, created };
  },

  deleteFolder: async (ctx, { path }) => {
    const { userId } = ctx.session;
    const holds = ctx.secrets.index.list(userId, { path, recursive: true, deleted: false, limit: 0 }).total;
    if (holds > 0) {
      throw new OpError(
        'conflict',
        `${path} is not empty: it holds ${holds} secret${holds === 1 ? '' : 's'} (in it or in folders inside it); move or delete them first`,
        { field: 'path' },
      );
    }
    const deleted = await ctx.atomically(async (trx) => {
      const ids = (await storedFolders(trx, ctx.keyring, userId))
        .filter((f) => within(f.path, path))
        .map((f) => f.id);
      if (ids.length === 0) throw new OpError('not_found', `there is no folder ${path}`, { field: 'path' });
      return deleteFolders(trx, userId, ids);
    });
    return { deleted };
  },

  renameFolder: async (ctx, { from, to }) => {
    const { userId } = ctx.session;
    const live = ownUnder(ctx, userId, from, false);
    const moving = [...live, ...ownUnder(ctx, userId, from, true)];
    const keptBefore = (await storedFolders(ctx.db, ctx.keyring, userId)).filter((f) => within(f.path, from));
    if (moving.length === 0 && keptBefore.length === 0) {
      throw new OpError('not_found', `there is no folder ${from}`, { field: 'from' });
    }
    // A live secret may not land beside one of the same name (the trash holds no names).
    const taken = new Map<string, Set<string>>();
    const namesIn = (path: string) => {
      let names = taken.get(path);
      if (!names) {
        names = new Set(
          ctx.secrets.index
            .list(userId, { path, recursive: false, deleted: false, limit: Number.MAX_SAFE_INTEGER })
            .items.map((s) => s.name.toLowerCase()),
        );
        taken.set(path, names);
      }
      return names;
    };
    for (const secret of live) {
      const target = movedPath(secret.path, from, to);
      if (namesIn(target).has(secret.name.toLowerCase())) {
        throw new OpError('conflict', `${target} holds a secret named “${secret.name}” already`, {
          field: 'to',
        });
      }
    }
    await ctx.atomically(async (trx) => {
      // Kept folders move with the secrets: read again in the transaction, so a folder made meanwhile moves too.
      const kept = (await storedFolders(trx, ctx.keyring, userId)).filter((f) => within(f.path, from));
      await deleteFolders(
        trx,
        userId,
        kept.map((f) => f.id),
      );
      // A folder that exists at the new place already is the same folder: the insert leaves it as it is.
      for (const folder of kept) {
        const target = movedPath(folder.path, from, to);
        // Moved onto the top ("/" always exists): nothing to keep.
        if (target === '/') continue;
        await insertFolder(trx, ctx.keyring, {
          ownerId: userId,
          path: target,
          now: ctx.nowIso,
        });
      }
      for (const secret of moving) {
        const next = await ctx.secrets.update(trx, ctx.keyring, secret, {
          expectedVersion: secret.version,
          meta: {
            name: secret.name,
            path: movedPath(secret.path, from, to),
            tags: secret.tags,
            type: secret.type,
          },
          value: undefined,
          by: userId,
          now: ctx.nowIso,
        });
        if (next === null) {
          throw new OpError('conflict', `“${secret.name}” changed meanwhile; nothing was moved, try again`, {
            field: 'from',
          });
        }
      }
    });
    return { moved: moving.length };
  },

  purgeSecret: async (ctx, { id }) => {
    const secret = ctx.secrets.index.record(id);
    if (!secret) throw new OpError('not_found', 'no such secret', { field: 'id' });
    if (!secret.deletedAt) {
      throw new OpError('conflict', 'only a secret in the trash can be deleted for good: delete it first', {
        field: 'id',
      });
    }
    await ctx.atomically((trx) => ctx.secrets.purge(trx, [id]));
    return { ok: true };
  },

  emptyTrash: async (ctx) => {
    const { userId } = ctx.session;
    const ids = ownUnder(ctx, userId, '/', true).map((s) => s.id);
    if (ids.length === 0) return { purged: 0 };
    const purged = await ctx.atomically((trx) => ctx.secrets.purge(trx, ids));
    return { purged };
  },
};
