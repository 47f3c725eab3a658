// Handlers for the audit log and settings.
import { listAudit, verifyAudit } from '../audit/audit-log.ts';
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
    const entries = await listAudit(ctx.state.store.db, { ...input, beforeSeq, limit: input.limit });
    const last = entries.at(-1);
    return { entries, nextCursor: entries.length === input.limit && last ? String(last.seq) : null };
  },

  verifyAudit: async (ctx) => verifyAudit(ctx.state.store.db, ctx.state.auditHead),

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
    });
    await ctx.atomically((trx) => saveSettings(trx, ctx.keyring, merged, ctx.nowIso));
    ctx.state.settings = merged;
    return merged;
  },
};
