// The caller's links (list, make, revoke) through react-query; making one encrypts here first.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SharePayload } from '../../client/links/share-link-crypto.ts';
import { createShareLink, type NewShareLink } from '../../client/links/share-links.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useSession, useVault } from '../app/session-context.tsx';
import { shareBaseUrl } from './share-base-url.ts';

/**
 * Links are opened elsewhere, by strangers: while the list is shown it is asked for again every few seconds
 * and when the window comes back to the front, so views used and links gone after their last view show
 * without a reload. The poll stops with the Links section (no observer) and while the window is hidden.
 */
const LIST_REFRESH_MS = 5_000;

export function useShareLinks() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.shareLinks,
    queryFn: async () => (await vault.client.request('listShareLinks', {})).links,
    refetchInterval: LIST_REFRESH_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
  });
}

/** A file's payload is read only once the person asks for the link (an item's file is downloaded then). */
export type NewLink = Omit<NewShareLink, 'payload'> & {
  payload: SharePayload | (() => Promise<SharePayload>);
};

export function useCreateShareLink() {
  const vault = useVault();
  const { platform } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (link: NewLink) => {
      const payload = typeof link.payload === 'function' ? await link.payload() : link.payload;
      const base = await shareBaseUrl(platform, vault);
      // Without a reachable server address the link is still made; it is shown as a path to complete.
      return createShareLink(vault.client, base ?? 'https://server.invalid', { ...link, payload }).then(
        (made) => ({
          ...made,
          url: base ? made.url : made.url.replace('https://server.invalid', ''),
        }),
      );
    },
    onSettled: () => queries.invalidateQueries({ queryKey: queryKeys.shareLinks }),
  });
}

export function useRevokeShareLink() {
  const vault = useVault();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => vault.client.request('revokeShareLink', { id }),
    onSettled: () => queries.invalidateQueries({ queryKey: queryKeys.shareLinks }),
  });
}
