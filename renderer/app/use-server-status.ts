// The server's state before anything else (set up? sealed? how it unseals), watched while it is sealed or
// not yet set up, so another administrator's first run or unseal shows up in this window too.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { SealStatus } from '../../contract/index.ts';
import { queryKeys } from './query-keys.ts';
import { useSession } from './session-context.tsx';

export function useServerStatus() {
  const { client } = useSession();
  return useQuery({
    queryKey: queryKeys.status,
    queryFn: () => client.request('status', {}),
    refetchInterval: (q) => (q.state.data && !q.state.data.sealed ? false : 5000),
  });
}

/** Asks the server's state again, or takes an answer that already carries it (an unseal's). */
export function useStatusUpdate() {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: queryKeys.status }),
    [queryClient],
  );
  const set = useCallback(
    (status: SealStatus) => queryClient.setQueryData(queryKeys.status, status),
    [queryClient],
  );
  return { refresh, set };
}
