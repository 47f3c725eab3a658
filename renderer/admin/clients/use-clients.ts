// The Clients screen's server calls: sessions open now, ending them, the login history and the reachability check.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';

/** The open sessions, refreshed while the tab is shown so "last seen" and the counts stay current. */
export function useConnectedClients() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.clients,
    queryFn: () => vault.client.request('listClients', {}),
    refetchInterval: 15_000,
  });
}

export function useEndSession() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => vault.client.request('endClientSession', { sessionId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.clients }),
  });
}

export function useEndUserSessions() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => vault.client.request('endUserSessions', { userId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.clients }),
  });
}

export type LoginFilter = Omit<InputOf<'listLoginHistory'>, 'cursor' | 'limit'>;

const PAGE = 50;

export function useLoginHistory(filter: LoginFilter) {
  const vault = useVault();
  return useInfiniteQuery({
    queryKey: queryKeys.logins(filter),
    queryFn: ({ pageParam }) =>
      vault.client.request('listLoginHistory', {
        ...filter,
        limit: PAGE,
        ...(pageParam && { cursor: pageParam }),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Everyone, for the history's user filter (moderators may list users too). */
export function useUserChoices() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.usersMatching(''),
    queryFn: () => vault.client.request('listUsers', {}),
  });
}

export function useReachabilityCheck() {
  const vault = useVault();
  return useMutation({
    mutationFn: (input: { targets: string[]; port: number }) =>
      vault.client.request('checkReachability', input),
  });
}
