// Handlers for imports (staged in batches, applied in one transaction) and for reading many secrets at once.
import { randomUUID } from 'node:crypto';
import { IMPORT_ITEM_LIMIT, type StagedItem } from '../../contract/index.ts';
import type { importOperations } from '../../contract/ops-import.ts';
import { OpError } from '../errors.ts';
import type { Replacement } from '../imports/apply-import.ts';
import {
  countOpenImports,
  deleteExpiredImports,
  deleteImport,
  findImport,
  IMPORT_TTL_MS,
  insertImport,
  loadStagedCreates,
  loadStagedReplacements,
  OPEN_IMPORTS_PER_USER,
  type StagedCreate,
  stagedAlready,
  stageItems,
} from '../imports/imports-repo.ts';
import type { HandlersFor, OpContext, SessionContext } from '../monitor/context.ts';
import type { SecretRecord } from '../secrets/secrets-repo.ts';
import { isConstraintViolation } from '../storage/dialect.ts';
import type { ImportRow } from '../storage/tables/imports.ts';
import { idTaken } from './id-taken.ts';

const expiryFrom = (ctx: OpContext) => new Date(ctx.now.getTime() + IMPORT_TTL_MS).toISOString();

/**
 * The caller's own live import. Someone else's is answered like a missing one (ids cannot be probed)
 * and audited as not_owner; an expired one is cleaned away on the spot.
 */
async function ownImport(ctx: SessionContext, importId: string): Promise<ImportRow> {
  const { userId } = ctx.session;
  const row = await findImport(ctx.db, importId);
  if (!row) throw new OpError('not_found', 'no such import', { field: 'importId' });
  if (row.owner_id !== userId) {
    throw new OpError('not_found', 'no such import', { field: 'importId', auditCode: 'not_owner' });
  }
  if (row.expires_at <= ctx.nowIso) {
    await ctx.store.transaction((trx) => deleteImport(trx, importId));
    throw new OpError('not_found', 'the import expired and was dropped: start it again', {
      field: 'importId',
      auditCode: 'expired',
    });
  }
  return row;
}

const describeItem = (seq: number, item: { path: string; name: string }) =>
  `item ${seq + 1} (${item.path === '/' ? '' : item.path}/${item.name})`;

/** What a replacement may replace: a live secret of the caller's, for the named item in the message. */
function replaceable(
  ctx: OpContext,
  userId: string,
  id: string,
  label: string,
  field?: string,
): SecretRecord {
  const current = ctx.secrets.index.record(id);
  if (!current || current.ownerId !== userId) {
    throw new OpError('not_found', `${label}: the secret it replaces does not exist`, {
      ...(field && { field }),
      auditCode: current ? 'not_owner' : 'not_found',
    });
  }
  if (current.deletedAt) {
    throw new OpError('conflict', `${label}: the secret it replaces is in the trash`, field ? { field } : {});
  }
  return current;
}

export const importHandlers: HandlersFor<keyof typeof importOperations> = {
  beginImport: async (ctx) => {
    const { userId } = ctx.session;
    const importId = randomUUID();
    ctx.setTarget(importId);
    const expiresAt = expiryFrom(ctx);
    await ctx.atomically(async (trx) => {
      // Abandoned imports go when anyone starts a new one: no timer needed, nothing lingers for long.
      await deleteExpiredImports(trx, ctx.nowIso);
      if ((await countOpenImports(trx, userId, ctx.nowIso)) >= OPEN_IMPORTS_PER_USER) {
        throw new OpError(
          'conflict',
          `you have ${OPEN_IMPORTS_PER_USER} imports in progress: finish or abort one first`,
        );
      }
      await insertImport(trx, { id: importId, ownerId: userId, now: ctx.nowIso, expiresAt });
    });
    return { importId, expiresAt };
  },

  stageImport: async (ctx, { importId, items }) => {
    const { userId } = ctx.session;
    const current = await ownImport(ctx, importId);
    if (current.item_count + items.length > IMPORT_ITEM_LIMIT) {
      throw new OpError(
        'payload_too_large',
        `an import holds at most ${IMPORT_ITEM_LIMIT.toLocaleString('en-US')} items; this batch would make it ${current.item_count + items.length}`,
        { field: 'items' },
      );
    }
    const staged = await stagedAlready(
      ctx.db,
      importId,
      items.map((item) => item.id),
    );
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const label = describeItem(current.item_count + i, item);
      if (seen.has(item.id) || staged.has(item.id)) {
        throw new OpError('conflict', `${label}: its id is staged in this import already`, {
          field: `items.${i}.id`,
        });
      }
      seen.add(item.id);
      notInFuture(ctx, item, i, label);
      if (item.replaces) {
        replaceable(ctx, userId, item.replaces.id, label, `items.${i}.replaces.id`);
      } else {
        const taken = ctx.secrets.index.record(item.id);
        if (taken) throw idTaken(taken.ownerId === userId, `items.${i}.id`, label);
      }
    });
    const expiresAt = expiryFrom(ctx);
    const total = await ctx
      .atomically(async (trx) => {
        const total = await stageItems(trx, ctx.keyring, current, items, expiresAt);
        if (total === null) {
          throw new OpError(
            'conflict',
            'another batch was staged into this import at the same time: send this one again',
          );
        }
        return total;
      })
      .catch((error: unknown) => {
        throw asConflict(error);
      });
    return { staged: total, expiresAt };
  },

  commitImport: async (ctx, { importId }) => {
    const { userId } = ctx.session;
    await ownImport(ctx, importId);
    // Checked before the transaction so the answer names the item; the writes check again in SQL.
    const creates = await loadStagedCreates(ctx.db, ctx.keyring, importId);
    for (const { seq, id, meta } of creates) {
      if (ctx.secrets.index.record(id)) {
        throw new OpError(
          'conflict',
          `${describeItem(seq, meta)}: a secret with this id exists already; nothing was imported`,
        );
      }
    }
    const staged = await loadStagedReplacements(ctx.db, ctx.keyring, importId);
    const replacements: Replacement[] = staged.map(({ seq, item }) => {
      const label = `${describeItem(seq, item)}; nothing was imported`;
      const current = replaceable(ctx, userId, item.replaces?.id ?? item.id, label);
      const expected = item.replaces?.expectedVersion;
      if (current.version !== expected) {
        throw new OpError(
          'conflict',
          `${describeItem(seq, item)}: the secret changed since version ${expected} (it is at ${current.version}); nothing was imported`,
        );
      }
      const meta = { name: item.name, path: item.path, tags: item.tags, type: item.type };
      return { current, meta, value: item.value };
    });
    const { versions } = await ctx
      .atomically(async (trx) => {
        const applied = await ctx.secrets.applyImport(trx, ctx.keyring, {
          importId,
          ownerId: userId,
          now: ctx.nowIso,
          versionsToKeep: ctx.state.settings.secrets.versionsToKeep,
          created: creates.map((c) => newRecord(c, userId, ctx.nowIso)),
          replacements,
        });
        if ('changed' in applied) {
          const { seq, item } = staged[applied.changed] as (typeof staged)[number];
          throw new OpError(
            'conflict',
            `${describeItem(seq, item)}: the secret changed while the import was applied; nothing was imported`,
          );
        }
        await deleteImport(trx, importId);
        return applied;
      })
      .catch((error: unknown) => {
        throw asConflict(error);
      });
    return { created: creates.length, replaced: replacements.length, versions };
  },

  abortImport: async (ctx, { importId }) => {
    await ownImport(ctx, importId);
    await ctx.atomically((trx) => deleteImport(trx, importId));
    return { ok: true };
  },

  readSecretBatch: async (ctx, { ids }) => {
    const { userId } = ctx.session;
    ctx.setTarget(`${ids.length} secrets`);
    const records = ids.map((id, i) => {
      const record = ctx.secrets.index.record(id);
      // Own secrets only: a recipient reads what was shared with them one at a time, through readSecret.
      if (!record || record.ownerId !== userId) {
        throw new OpError('not_found', `no such secret: ${id}`, {
          field: `ids.${i}`,
          auditCode: record ? 'not_owner' : 'not_found',
        });
      }
      return record;
    });
    // One read for the batch: a query per secret made this about three times the client's own work (issue 18).
    const [read, files] = await Promise.all([
      ctx.secrets.readValuesUncached(records, userId),
      ctx.attachments.readyCounts(ids),
    ]);
    if ('missing' in read) {
      throw new OpError('not_found', `no such secret: ${(records[read.missing] as SecretRecord).id}`);
    }
    const items = records.map((record, i) => {
      const stored = read.values[i] as (typeof read.values)[number];
      return {
        id: record.id,
        version: record.version,
        value: stored.value,
        wrappedKey: stored.wrappedKey,
        createdAt: stored.createdAt,
        files: files[i] ?? 0,
      };
    });
    return { items };
  },
};

/** The record the commit puts in the index for a secret it made: its dates are the file's, when it had some. */
function newRecord(staged: StagedCreate, ownerId: string, now: string): SecretRecord {
  // Field by field, not by spreading the opened metadata: a spread per secret showed in an import's profile.
  const { name, path, tags, type } = staged.meta;
  return {
    name,
    path,
    tags,
    type,
    id: staged.id,
    ownerId,
    version: staged.version,
    metaVersion: 1,
    valueMetaVersion: 1,
    createdAt: staged.createdAt ?? now,
    updatedAt: staged.updatedAt ?? now,
    deletedAt: null,
  };
}

/** Clocks differ a little between machines; a date further ahead than this is a wrong one. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** A date carried over from another tool must not lie in the future: it would sort and read as nonsense. */
function notInFuture(ctx: OpContext, item: StagedItem, i: number, label: string): void {
  const limit = ctx.now.getTime() + FUTURE_SLACK_MS;
  const dates: [string, string | undefined][] = [
    [`items.${i}.createdAt`, item.createdAt],
    [`items.${i}.updatedAt`, item.updatedAt],
    ...(item.history ?? []).map((v, at): [string, string] => [
      `items.${i}.history.${at}.createdAt`,
      v.createdAt,
    ]),
  ];
  for (const [field, date] of dates) {
    if (date !== undefined && Date.parse(date) > limit) {
      throw new OpError('bad_request', `${label}: a date (${date}) lies in the future`, { field });
    }
  }
}

/** A secret created meanwhile with a staged id fails its insert on the primary key: a conflict, not a fault. */
function asConflict(error: unknown): unknown {
  if (isConstraintViolation(error)) {
    return new OpError('conflict', 'a staged id was taken meanwhile by another request; nothing was changed');
  }
  return error;
}
