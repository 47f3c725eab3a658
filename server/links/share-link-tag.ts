// The row seal of a share link: who made it, until when, how many views it allows and has served, and
// whether it has a password. A row forged in the database, or whose view count is wound back, opens nothing.
import type { TaggedRow } from '../integrity/row-tags.ts';
import type { ShareLinkRow } from '../storage/tables/share-links.ts';

export const shareLinkTag = (
  r: Pick<
    ShareLinkRow,
    'id' | 'creator_id' | 'created_at' | 'expires_at' | 'max_views' | 'views' | 'size'
  > & {
    password_enc: unknown;
  },
): TaggedRow => ({
  table: 'share_links',
  id: r.id,
  values: [
    r.creator_id,
    r.created_at,
    r.expires_at,
    Number(r.max_views),
    Number(r.views),
    Number(r.size),
    r.password_enc === null ? 0 : 1,
  ],
});
