// The server's settings for the admin console: read once, and each section saved as a patch (the listener's
// state is asked again after a save, since a network change moves it at once).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf, Settings } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';

export type SettingsPatch = InputOf<'updateSettings'>['patch'];

export function useServerSettings() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.serverSettings,
    queryFn: () => vault.client.request('getSettings', {}),
  });
}

export function useSaveSettings() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => vault.client.request('updateSettings', { patch }),
    onSuccess: (settings: Settings) => {
      queryClient.setQueryData(queryKeys.serverSettings, settings);
      void queryClient.invalidateQueries({ queryKey: queryKeys.networkStatus });
    },
  });
}

/** Where the server listens now and what other computers need to reach it. */
export function useNetworkStatus() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.networkStatus,
    queryFn: () => vault.client.request('getNetworkStatus', {}),
  });
}
