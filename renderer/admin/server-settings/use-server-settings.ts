// The server's settings for the admin console: read once, and each section saved as a patch.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf, Settings } from '../../../contract/index.ts';
import { useVault } from '../../app/session-context.tsx';

export type SettingsPatch = InputOf<'updateSettings'>['patch'];

export function useServerSettings() {
  const vault = useVault();
  return useQuery({ queryKey: ['server-settings'], queryFn: () => vault.client.request('getSettings', {}) });
}

export function useSaveSettings() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => vault.client.request('updateSettings', { patch }),
    onSuccess: (settings: Settings) => queryClient.setQueryData(['server-settings'], settings),
  });
}
