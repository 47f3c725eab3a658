// Machine identities as queries: the ones I made, making one (its key made here and pinned as my contact
// at once; its token file is in the answer, shown once), and revoking one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createMachineIdentity } from '../../client/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useVault } from '../app/session-context.tsx';

function useRefreshMachines() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.machines }),
      queryClient.invalidateQueries({ queryKey: queryKeys.contacts }),
    ]);
}

export function useMachines() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.machines,
    queryFn: () => vault.client.request('listMachineIdentities', {}),
  });
}

export function useCreateMachine() {
  const vault = useVault();
  const refresh = useRefreshMachines();
  return useMutation({
    mutationFn: async (input: { username: string; displayName: string; server: string }) => {
      const made = await createMachineIdentity(vault.client, input);
      await vault.sharing.addContact(made.principal);
      return made.token;
    },
    onSuccess: refresh,
  });
}

export function useRevokeMachine() {
  const vault = useVault();
  const refresh = useRefreshMachines();
  return useMutation({
    mutationFn: (userId: string) => vault.sharing.revokeMachine(userId),
    onSuccess: refresh,
  });
}
