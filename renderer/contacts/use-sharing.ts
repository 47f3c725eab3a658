// Sharing as queries: who holds a secret, sharing it (or a folder) with a contact, revoking (the key then
// rotates), what others shared with me, and the secrets a share can be picked from. Each change refreshes
// the secret's holders, the contact list and every thread.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Permission, PinnedContact } from '../../client/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useVault } from '../app/session-context.tsx';

function useRefreshShares() {
  const queryClient = useQueryClient();
  return (secretId?: string) =>
    Promise.all(
      [...(secretId ? [queryKeys.grants(secretId)] : []), queryKeys.contacts, queryKeys.threads].map(
        (queryKey) => queryClient.invalidateQueries({ queryKey }),
      ),
    );
}

/** Who holds a key to the secret, and with which permission. */
export function useGrants(secretId: string) {
  const vault = useVault();
  return useQuery({ queryKey: queryKeys.grants(secretId), queryFn: () => vault.sharing.grants(secretId) });
}

export type ShareTarget = { secretId: string } | { folder: string };

/** Shares one secret, or every secret in a folder; answers how many were shared. */
export function useShare() {
  const vault = useVault();
  const refresh = useRefreshShares();
  return useMutation({
    mutationFn: async (input: { target: ShareTarget; contact: PinnedContact; permission: Permission }) => {
      const { target, contact, permission } = input;
      if ('folder' in target) return vault.sharing.shareFolder(target.folder, contact, permission);
      await vault.sharing.share(target.secretId, contact, permission);
      return 1;
    },
    onSuccess: (_count, { target }) => refresh('secretId' in target ? target.secretId : undefined),
  });
}

export function useRevokeShare() {
  const vault = useVault();
  const refresh = useRefreshShares();
  return useMutation({
    mutationFn: ({ secretId, principalId }: { secretId: string; principalId: string }) =>
      vault.sharing.revoke(secretId, principalId),
    onSuccess: (_result, { secretId }) => refresh(secretId),
  });
}

/** What others have shared with me (searched by name), asked again every 30 s: they share at any time. */
export function useSharedWithMe(query = '') {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.sharedWithMeMatching(query),
    queryFn: () => vault.sharing.sharedWithMe(query || undefined),
    placeholderData: (previous) => previous,
    refetchInterval: 30_000,
  });
}

/** Others change what they share at any time: choosing the view fetches it afresh. */
export function useRefreshSharedWithMe() {
  const queryClient = useQueryClient();
  // Stable: the vault's folder tree is memoized on the callbacks built from this one, and a new function
  // per render re-rendered the whole tree on every keystroke in the search box.
  return useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.sharedWithMe }),
    [queryClient],
  );
}

/** My secrets matching a search, to pick one to share (none until something is typed). */
export function useShareCandidates(query: string) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.shareCandidates(query),
    queryFn: () => vault.client.request('searchSecrets', { query, limit: 20 }),
    enabled: query.length > 0,
  });
}
