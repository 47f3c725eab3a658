// Handlers for one-time share links: create, list and revoke one's own, and the public open that serves the
// ciphertext and counts a view. Every way a link can be out of reach answers the same "gone"; the audit
// entry alone says which it was.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type linkOperations, SHARE_LINK_GONE, shareLinkPasswordSchema } from '../../contract/ops-links.ts';
import { OpError } from '../errors.ts';
import { rowSealOf } from '../integrity/row-seal.ts';
import type { Keyring } from '../keyring/index.ts';
import { shareLinkTag } from '../links/share-link-tag.ts';
import {
  countView,
  deleteCreatorsLink,
  findShareLink,
  insertShareLink,
  listCreatorsLinks,
} from '../links/share-links-repo.ts';
import type { HandlersFor } from '../monitor/context.ts';

const HOUR = 3_600_000;

const binding = (id: string, column: 'ciphertext' | 'password') => ({
  table: 'share_links',
  id,
  column,
  version: 1,
});

/** The one refusal for expired, used, revoked, disabled, tampered and unknown links. */
const gone = (why: string) => new OpError('not_found', SHARE_LINK_GONE, { auditCode: why });

function passwordOf(keyring: Keyring, id: string, sealed: Buffer) {
  return shareLinkPasswordSchema.parse(JSON.parse(keyring.decryptString(sealed, binding(id, 'password'))));
}

function proofMatches(proof: string, verifier: string): boolean {
  const presented = createHash('sha256').update(Buffer.from(proof, 'base64')).digest();
  const expected = Buffer.from(verifier, 'base64');
  return expected.length === presented.length && timingSafeEqual(presented, expected);
}

export const linkHandlers: HandlersFor<keyof typeof linkOperations> = {
  createShareLink: async (ctx, input) => {
    if (!ctx.state.settings.shareLinks.enabled) {
      throw new OpError('forbidden', 'one-time links are turned off on this server by its administrator', {
        auditCode: 'links_disabled',
      });
    }
    const id = randomBytes(16).toString('base64url');
    const expiresAt = new Date(ctx.now.getTime() + input.expiresInHours * HOUR).toISOString();
    ctx.setTarget(id);
    await ctx.atomically((trx) =>
      insertShareLink(trx, ctx.keyring, {
        id,
        creator_id: ctx.session.userId,
        created_at: ctx.nowIso,
        expires_at: expiresAt,
        max_views: input.maxViews,
        views: 0,
        size: Buffer.byteLength(input.ciphertext, 'base64'),
        ciphertext_enc: ctx.keyring.encrypt(input.ciphertext, binding(id, 'ciphertext')),
        password_enc: input.password
          ? ctx.keyring.encrypt(JSON.stringify(input.password), binding(id, 'password'))
          : null,
      }),
    );
    return { id, expiresAt, maxViews: input.maxViews, path: `/s/${id}` };
  },

  listShareLinks: async (ctx) => {
    const rows = await listCreatorsLinks(ctx.db, ctx.session.userId, ctx.nowIso);
    const seal = rowSealOf(ctx.keyring);
    const links = rows.flatMap((r) => {
      const hasPassword = Boolean(Number(r.has_password));
      const tag = shareLinkTag({ ...r, password_enc: hasPassword ? true : null });
      // A tampered row is reported and left out: it opens nothing either.
      if (!seal.intact(tag.table, tag.id, tag.values, r.row_seal)) return [];
      return [
        {
          id: r.id,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          maxViews: Number(r.max_views),
          views: Number(r.views),
          size: Number(r.size),
          password: hasPassword,
        },
      ];
    });
    return { links };
  },

  revokeShareLink: async (ctx, { id }) => {
    await ctx.atomically(async (trx) => {
      // Inside the transaction: a refusal rolls it back with its audit entry, and the monitor audits the refusal.
      if ((await deleteCreatorsLink(trx, id, ctx.session.userId)) === 0) {
        throw new OpError('not_found', 'no such link (it may have expired or been used up)', {
          field: 'id',
        });
      }
    });
    return { ok: true };
  },

  openShareLink: async (ctx, { id, proof }) => {
    await ctx.shareLinks.limitOpen(ctx.caller.address);
    const row = await findShareLink(ctx.db, id);
    if (!row) throw gone('link_unknown');
    ctx.identify(row.creator_id);
    const tag = shareLinkTag(row);
    if (!rowSealOf(ctx.keyring).intact(tag.table, tag.id, tag.values, row.row_seal))
      throw gone('integrity_error');
    if (!ctx.state.settings.shareLinks.enabled) throw gone('links_disabled');
    if (row.expires_at <= ctx.nowIso) throw gone('link_expired');
    const password = row.password_enc ? passwordOf(ctx.keyring, id, row.password_enc) : null;
    if (password && (!proof || !proofMatches(proof, password.verifier))) {
      ctx.setTarget(`${id} ${proof ? 'wrong password' : 'password asked'}`);
      return { state: 'password', salt: password.salt, kdf: password.kdf, wrong: Boolean(proof) };
    }
    const ciphertext = ctx.keyring.decryptString(row.ciphertext_enc, binding(id, 'ciphertext'));
    ctx.setTarget(`${id} view ${Number(row.views) + 1}/${Number(row.max_views)}`);
    await ctx.atomically(async (trx) => {
      // Lost to a concurrent open: rolled back (audit entry too), then audited as a refusal.
      if (!(await countView(trx, ctx.keyring, row))) throw gone('link_used');
    });
    return {
      state: 'open',
      ciphertext,
      viewsLeft: Number(row.max_views) - Number(row.views) - 1,
      expiresAt: row.expires_at,
      password: password && { salt: password.salt, kdf: password.kdf },
    };
  },
};
