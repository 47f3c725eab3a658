// Handlers for files on items: the monitor has checked the caller's hold on the item (owner to write,
// any reader to read); these check the file belongs to that item and keep to the limits.
import type { attachmentOperations } from '../../contract/ops-attachments.ts';
import type { HandlersFor } from '../monitor/context.ts';

export const attachmentHandlers: HandlersFor<keyof typeof attachmentOperations> = {
  beginAttachment: async (ctx, input) => {
    // The item's owner carries the file against their total, whoever they shared it with.
    const ownerId = ctx.secrets.index.record(input.id)?.ownerId ?? ctx.session.userId;
    return ctx.atomically((trx) =>
      ctx.attachments.begin(trx, ctx.keyring, ctx.state.settings.attachments, {
        secretId: input.id,
        ownerId,
        attachmentId: input.attachmentId,
        wrappedKey: input.wrappedKey,
        meta: input.meta,
        size: input.size,
        chunkCount: input.chunkCount,
        now: ctx.now,
      }),
    );
  },

  putAttachmentChunk: async (ctx, { id, attachmentId, index, data }) => {
    const bytes = Buffer.from(data, 'base64');
    await ctx.atomically((trx) => ctx.attachments.putChunk(trx, id, attachmentId, index, bytes, ctx.nowIso));
    return { ok: true };
  },

  finishAttachment: async (ctx, { id, attachmentId }) => {
    await ctx.atomically((trx) => ctx.attachments.finish(trx, id, attachmentId, ctx.nowIso));
    return { ok: true };
  },

  listAttachments: async (ctx, { id }) => ({ items: await ctx.attachments.list(ctx.keyring, id) }),

  readAttachmentChunk: async (ctx, { id, attachmentId, index }) => ({
    data: (await ctx.attachments.readChunk(id, attachmentId, index)).toString('base64'),
  }),

  deleteAttachment: async (ctx, { id, attachmentId }) => {
    await ctx.atomically((trx) => ctx.attachments.delete(trx, id, attachmentId));
    return { ok: true };
  },
};
