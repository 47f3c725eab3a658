// Handlers for the audit log and settings.

import type { adminOperations } from '../../contract/ops-admin.ts';
import { exportPage, withNames } from '../audit/audit-export.ts';
import { listAudit } from '../audit/audit-log.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor } from '../monitor/context.ts';
import { mergeSettings } from '../settings/merge-settings.ts';
import { saveSettings } from '../settings/settings-repo.ts';

export const adminHandlers: HandlersFor<keyof typeof adminOperations> = {
  listAudit: async (ctx, input) => {
    const beforeSeq = input.cursor === undefined ? undefined : Number(input.cursor);
    if (beforeSeq !== undefined && !Number.isSafeInteger(beforeSeq)) {
      throw new OpError('bad_request', 'cursor: not a cursor this server gave out', { field: 'cursor' });
    }
    const db = ctx.db;
    const entries = await withNames(
      db,
      ctx.keyring,
      await listAudit(db, { ...input, beforeSeq, limit: input.limit }),
    );
    const last = entries.at(-1);
    return { entries, nextCursor: entries.length === input.limit && last ? String(last.seq) : null };
  },

  verifyAudit: async (ctx) => ctx.retention.verify(),

  exportAudit: async (ctx, { cursor, ...input }) => {
    const afterSeq = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw new OpError('bad_request', 'cursor: not a cursor this server gave out', { field: 'cursor' });
    }
    return exportPage(ctx.db, ctx.keyring, { ...input, afterSeq });
  },

  pruneAudit: async (ctx) => ctx.retention.prune(),

  getSettings: async (ctx) => ctx.state.settings,

  updateSettings: async (ctx, { patch }) => {
    const merged = mergeSettings(ctx.state.settings, patch);
    // The new listener binds before anything is saved: a port in use refuses the whole update unchanged.
    const listener = await ctx.listener?.prepare(merged.network);
    try {
      await ctx.atomically((trx) => saveSettings(trx, ctx.keyring, merged, ctx.nowIso));
    } catch (error) {
      await listener?.abandon();
      throw error;
    }
    ctx.state.settings = merged;
    // The old listener retires after this answer is sent (it may be the one carrying it).
    listener?.commit();
    return merged;
  },
};
