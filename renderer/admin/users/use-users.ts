// The Users screen's server calls: the list (searched by name), creating a user with an enrollment code,
// and what an administrator does to one user. Each change refreshes every list of users.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';

/** A code a new (or reset) user redeems to choose their password, shown once to the administrator. */
export interface Enrollment {
  username: string;
  enrollmentCode: string;
  expiresAt: string;
}

export type UserAction = 'disable' | 'enable' | 'unlock' | 'endSessions' | 'reset' | { role: Role };

/** What an action brings back that the screen shows: sessions ended, or a new enrollment code. */
export type UserActionResult =
  | { kind: 'done' }
  | { kind: 'sessionsEnded'; ended: number }
  | { kind: 'enrollment'; enrollmentCode: string; expiresAt: string };

export function useUsers(query: string) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.usersMatching(query),
    queryFn: () => vault.client.request('listUsers', query ? { query } : {}),
    placeholderData: (previous) => previous,
  });
}

export function useUserAction(userId: string) {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: UserAction): Promise<UserActionResult> => {
      if (typeof action === 'object') {
        await vault.client.request('setUserRole', { userId, ...action });
        return { kind: 'done' };
      }
      switch (action) {
        case 'disable':
          await vault.client.request('disableUser', { userId });
          return { kind: 'done' };
        case 'enable':
          await vault.client.request('enableUser', { userId });
          return { kind: 'done' };
        case 'unlock':
          await vault.client.request('unlockUser', { userId });
          return { kind: 'done' };
        case 'endSessions': {
          const { ended } = await vault.client.request('endUserSessions', { userId });
          return { kind: 'sessionsEnded', ended };
        }
        case 'reset': {
          const e = await vault.client.request('resetUserEnrollment', { userId });
          return { kind: 'enrollment', enrollmentCode: e.enrollmentCode, expiresAt: e.expiresAt };
        }
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useCreateUser() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; displayName: string; role: Role }) =>
      vault.client.request('createUser', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
}
