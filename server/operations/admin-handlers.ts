// Handlers for the audit log and settings.
import { exportPage, withNames } from '../audit/audit-export.ts';
import { listAudit } from '../audit/audit-log.ts';
import { retentionOf } from '../audit/audit-retention.ts';
import { type Settings, settingsSchema } from '../contract/index.ts';
import type { adminOperations } from '../contract/ops-admin.ts';
import type { HandlersFor } from '../monitor/context.ts';
import { OpError } from '../monitor/op-error.ts';
import { saveSettings } from '../settings/settings-repo.ts';

export const adminHandlers: HandlersFor<keyof typeof adminOperations> = {
  listAudit: async (ctx, input) => {
    const beforeSeq = input.cursor === undefined ? undefined : Number(input.cursor);
    if (beforeSeq !== undefined && !Number.isSafeInteger(beforeSeq)) {
      throw new OpError('bad_request', 'cursor: not a cursor this server gave out', { field: 'cursor' });
    }
    const db = ctx.state.store.db;
    const entries = await withNames(
      db,
      ctx.keyring,
      await listAudit(db, { ...input, beforeSeq, limit: input.limit }),
    );
    const last = entries.at(-1);
    return { entries, nextCursor: entries.length === input.limit && last ? String(last.seq) : null };
  },

  verifyAudit: async (ctx) => retentionOf(ctx.state).verify(),

  exportAudit: async (ctx, { cursor, ...input }) => {
    const afterSeq = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw new OpError('bad_request', 'cursor: not a cursor this server gave out', { field: 'cursor' });
    }
    return exportPage(ctx.state.store.db, ctx.keyring, { ...input, afterSeq });
  },

  pruneAudit: async (ctx) => retentionOf(ctx.state).prune(),

  getSettings: async (ctx) => ctx.state.settings,

  updateSettings: async (ctx, { patch }) => {
    const current = ctx.state.settings;
    const merged: Settings = settingsSchema.parse({
      session: { ...current.session, ...patch.session },
      lockout: { ...current.lockout, ...patch.lockout },
      loginHours: { ...current.loginHours, ...patch.loginHours },
      rateLimits: {
        login: { ...current.rateLimits.login, ...patch.rateLimits?.login },
        api: { ...current.rateLimits.api, ...patch.rateLimits?.api },
      },
      secrets: { ...current.secrets, ...patch.secrets },
      kdf: patch.kdf ?? current.kdf,
      enrollment: { ...current.enrollment, ...patch.enrollment },
      backup: { ...current.backup, ...patch.backup },
      audit: { ...current.audit, ...patch.audit },
    });
    await ctx.atomically((trx) => saveSettings(trx, ctx.keyring, merged, ctx.nowIso));
    ctx.state.settings = merged;
    return merged;
  },
};
