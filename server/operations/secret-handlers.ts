// Handlers for secrets: the server checks versions and ownership, and never sees a value in clear.
import type { secretOperations } from '../../contract/ops-secrets.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';
import type { SecretRecord } from '../secrets/secrets-repo.ts';
import { idTaken } from './id-taken.ts';

/**
 * From the index, which holds every committed change of this single-writer server; the writes below
 * still compare versions in SQL, so a stale copy could only ever cause a conflict, never a lost update.
 */
function loadSecret(ctx: OpContext, id: string): SecretRecord {
  const secret = ctx.secrets.index.record(id);
  if (!secret) throw new OpError('not_found', 'no such secret', { field: 'id' });
  return secret;
}

export const secretHandlers: HandlersFor<keyof typeof secretOperations> = {
  createSecret: async (ctx, input) => {
    const { userId } = ctx.session;
    const taken = await ctx.secrets.find(input.id);
    if (taken) throw idTaken(taken.ownerId === userId, 'id');
    const meta = { name: input.name, path: input.path, tags: input.tags, type: input.type };
    await ctx.atomically((trx) =>
      ctx.secrets.create(trx, ctx.keyring, {
        id: input.id,
        ownerId: userId,
        meta,
        value: input.value,
        wrappedKey: input.wrappedKey,
        now: ctx.nowIso,
      }),
    );
    return { id: input.id, version: 1 };
  },

  readSecret: async (ctx, input) => {
    const { userId } = ctx.session;
    // Metadata comes from the in-memory index (kept in step with every committed change).
    const secret = ctx.secrets.index.get(input.id);
    if (!secret) throw new OpError('not_found', 'no such secret', { field: 'id' });
    const version = input.version ?? secret.version;
    const stored = await ctx.secrets.readValue(secret.id, version, userId);
    if (!stored)
      throw new OpError('not_found', `version ${version} does not exist (any more)`, { field: 'version' });
    if (stored.value === null)
      throw new OpError('not_found', `version ${version} was destroyed`, { field: 'version' });
    return {
      ...secret,
      valueVersion: version,
      createdAt: stored.createdAt,
      secretCreatedAt: ctx.secrets.index.record(secret.id)?.createdAt ?? stored.createdAt,
      value: stored.value,
      wrappedKey: stored.wrappedKey,
    };
  },

  updateSecret: async (ctx, input) => {
    const { userId } = ctx.session;
    const { id, expectedVersion, expectedRevision, value, ...metaChange } = input;
    if (value === undefined && Object.values(metaChange).every((v) => v === undefined)) {
      throw new OpError('bad_request', 'nothing to change: give a value, name, path, tags or type');
    }
    const secret = loadSecret(ctx, id);
    if (secret.deletedAt) throw new OpError('conflict', 'the secret is in the trash: restore it first');
    // A read-write recipient writes new versions; where the secret lives and what it is called stay the owner's.
    if (secret.ownerId !== userId && Object.values(metaChange).some((v) => v !== undefined)) {
      throw new OpError('forbidden', 'only the owner renames, moves, retags or retypes a secret', {
        auditCode: 'insufficient_grant',
      });
    }
    const conflict = () =>
      new OpError(
        'conflict',
        `the secret changed since version ${expectedVersion} (it is at ${secret.version}); reload it`,
        {
          field: 'expectedVersion',
        },
      );
    if (secret.version !== expectedVersion) throw conflict();
    const changesMeta = Object.values(metaChange).some((v) => v !== undefined);
    if (expectedRevision !== undefined && expectedRevision !== secret.metaVersion) {
      throw new OpError(
        'conflict',
        `the secret changed since revision ${expectedRevision} (it is at ${secret.metaVersion}); reload it`,
        { field: 'expectedRevision' },
      );
    }
    // Naming only the value version, a caller can have seen no metadata newer than that value's: a rename,
    // move or retag made since would be overwritten unseen, so it is a conflict (reload, or name the
    // revision). Two edits at the same expected version: exactly one gets through.
    if (expectedRevision === undefined && changesMeta && secret.metaVersion !== secret.valueMetaVersion) {
      throw new OpError(
        'conflict',
        `the secret was renamed, moved or retagged since version ${expectedVersion}; reload it`,
        { field: 'expectedRevision' },
      );
    }
    const meta = {
      name: metaChange.name ?? secret.name,
      path: metaChange.path ?? secret.path,
      tags: metaChange.tags ?? secret.tags,
      type: metaChange.type ?? secret.type,
    };
    const updated = await ctx.atomically(async (trx) => {
      const next = await ctx.secrets.update(trx, ctx.keyring, secret, {
        expectedVersion,
        meta,
        value,
        by: userId,
        now: ctx.nowIso,
        versionsToKeep: ctx.state.settings.secrets.versionsToKeep,
      });
      if (next === null) throw conflict();
      return next;
    });
    return { id, version: updated.version };
  },

  listSecrets: async (ctx, input) => ctx.secrets.index.list(ctx.session.userId, input),

  searchSecrets: async (ctx, input) => ctx.secrets.index.search(ctx.session.userId, input),

  listSecretVersions: async (ctx, { id }) => {
    const rows = await ctx.secrets.versions(id);
    return {
      versions: rows.map((r) => ({
        version: r.version,
        createdAt: r.created_at,
        destroyed: r.destroyed_at !== null,
      })),
    };
  },

  deleteSecret: async (ctx, { id }) => {
    const secret = loadSecret(ctx, id);
    if (secret.deletedAt) throw new OpError('conflict', 'the secret is in the trash already');
    await ctx.atomically((trx) => ctx.secrets.setDeleted(trx, secret, ctx.nowIso, ctx.nowIso));
    return { ok: true };
  },

  undeleteSecret: async (ctx, { id }) => {
    const secret = loadSecret(ctx, id);
    if (!secret.deletedAt) throw new OpError('conflict', 'the secret is not in the trash');
    await ctx.atomically((trx) => ctx.secrets.setDeleted(trx, secret, null, ctx.nowIso));
    return { ok: true };
  },

  destroySecretVersion: async (ctx, { id, version }) => {
    await ctx.atomically(async (trx) => {
      if (!(await ctx.secrets.destroyVersion(trx, id, version, ctx.nowIso))) {
        throw new OpError('not_found', `version ${version} does not exist or was destroyed already`, {
          field: 'version',
        });
      }
    });
    return { ok: true };
  },
};
