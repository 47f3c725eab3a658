// The Backups screen's server calls: the list, back up now, delete, the schedule settings and the stored passphrase.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '../../../contract/index.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useVault } from '../../app/session-context.tsx';

export type BackupSchedule = Settings['backup'];

export function useBackups() {
  const vault = useVault();
  return useQuery({ queryKey: queryKeys.backups, queryFn: () => vault.client.request('listBackups', {}) });
}

export function useCreateBackup() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passphrase: string | null) =>
      vault.client.request('createBackup', passphrase ? { passphrase } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.backups }),
  });
}

export function useDeleteBackup() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => vault.client.request('deleteBackup', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.backups }),
  });
}

export function useBackupSchedule() {
  const vault = useVault();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: queryKeys.serverSettings,
    queryFn: () => vault.client.request('getSettings', {}),
  });
  const save = useMutation({
    mutationFn: (backup: Pick<BackupSchedule, 'enabled' | 'intervalHours' | 'keep'>) =>
      vault.client.request('updateSettings', { patch: { backup } }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.serverSettings, saved),
  });
  return { schedule: settings.data?.backup ?? null, error: settings.error, save };
}

export function useStoreBackupPassphrase() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passphrase: string) => vault.client.request('setBackupPassphrase', { passphrase }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.backups }),
  });
}
