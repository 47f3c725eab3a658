// Handlers for folders and the trash: a folder rename moves the caller's own secrets (check-and-set on
// each, all in one transaction); purging deletes a trashed secret's rows for good (the secrets service's
// writes bring the index and the grants along once committed).
import type { folderOperations } from '../../contract/ops-folders.ts';
import { OpError } from '../errors.ts';
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

/** Where a path inside `from` lands when `from` becomes `to`. */
function movedPath(path: string, from: string, to: string): string {
  const rest = path.slice(from.length);
  if (to === '/') return rest || '/';
  return `${to}${rest}`;
}

export const folderHandlers: HandlersFor<keyof typeof folderOperations> = {
  renameFolder: async (ctx, { from, to }) => {
    const { userId } = ctx.session;
    const live = ownUnder(ctx, userId, from, false);
    const moving = [...live, ...ownUnder(ctx, userId, from, true)];
    if (moving.length === 0) throw new OpError('not_found', `no secrets are in ${from}`, { field: 'from' });
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
