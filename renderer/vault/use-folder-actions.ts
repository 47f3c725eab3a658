// Folder and trash changes from the tree: make, rename or move and delete a folder, delete one trashed
// secret for good, empty the trash. Each refreshes the lists and the folder counts once the server has committed it.
import { useMutation } from '@tanstack/react-query';
import { useVault } from '../app/session-context.tsx';
import { useRefreshLists } from './use-secrets.ts';

export function useRenameFolder(onDone: (to: string) => void) {
  const vault = useVault();
  const refresh = useRefreshLists();
  return useMutation({
    mutationFn: (input: { from: string; to: string }) => vault.client.request('renameFolder', input),
    onSuccess: async (_result, input) => {
      await refresh();
      onDone(input.to);
    },
  });
}

export function useCreateFolder(onDone: (path: string) => void) {
  const vault = useVault();
  const refresh = useRefreshLists();
  return useMutation({
    mutationFn: (path: string) => vault.client.request('createFolder', { path }),
    onSuccess: async ({ path }) => {
      await refresh();
      onDone(path);
    },
  });
}

export function useDeleteFolder(onDone: (path: string) => void) {
  const vault = useVault();
  const refresh = useRefreshLists();
  return useMutation({
    mutationFn: (path: string) => vault.client.request('deleteFolder', { path }),
    onSuccess: async (_result, path) => {
      await refresh();
      onDone(path);
    },
    // Refused because the tree was stale (a secret arrived, or it went elsewhere): show what is true now.
    onError: () => refresh(),
  });
}

export function usePurgeSecret(onDone: () => void) {
  const vault = useVault();
  const refresh = useRefreshLists();
  return useMutation({
    mutationFn: (id: string) => vault.client.request('purgeSecret', { id }),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
}

export function useEmptyTrash(onDone: (purged: number) => void) {
  const vault = useVault();
  const refresh = useRefreshLists();
  return useMutation({
    mutationFn: () => vault.client.request('emptyTrash', {}),
    onSuccess: async ({ purged }) => {
      await refresh();
      onDone(purged);
    },
  });
}
