// The caller's links (list, make, revoke) through react-query; making one encrypts here first.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createShareLink, type NewShareLink } from '../../client/links/share-links.ts';
import { useSession, useVault } from '../app/session-context.tsx';
import { shareBaseUrl } from './share-base-url.ts';

const LINKS_KEY = ['share-links'] as const;

export function useShareLinks() {
  const vault = useVault();
  return useQuery({
    queryKey: LINKS_KEY,
    queryFn: async () => (await vault.client.request('listShareLinks', {})).links,
  });
}

export function useCreateShareLink() {
  const vault = useVault();
  const { platform } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (link: NewShareLink) => {
      const base = await shareBaseUrl(platform, vault);
      // Without a reachable server address the link is still made; it is shown as a path to complete.
      return createShareLink(vault.client, base ?? 'https://server.invalid', link).then((made) => ({
        ...made,
        url: base ? made.url : made.url.replace('https://server.invalid', ''),
      }));
    },
    onSettled: () => queries.invalidateQueries({ queryKey: LINKS_KEY }),
  });
}

export function useRevokeShareLink() {
  const vault = useVault();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => vault.client.request('revokeShareLink', { id }),
    onSettled: () => queries.invalidateQueries({ queryKey: LINKS_KEY }),
  });
}
