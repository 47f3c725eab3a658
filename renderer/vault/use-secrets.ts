// The vault's secrets and folders as queries: the folder tree, one secret opened (decrypted here) or one of
// its older versions, its version list, and saving, deleting, undeleting or restoring a version. Each
// change refreshes the lists and the folder counts once the server has committed it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewSecretInput, OpenedSecret } from '../../client/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useVault } from '../app/session-context.tsx';

/** The lists (every page of every folder and search) and the folder tree's counts. */
export function useRefreshLists() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.secrets }),
      queryClient.invalidateQueries({ queryKey: queryKeys.folders }),
    ]);
}

export function useFolders() {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.folders,
    queryFn: () => vault.client.request('listFolders', {}),
    staleTime: 30_000,
  });
}

/**
 * One secret, decrypted here. Not kept once no screen shows it (gcTime 0): plaintext lives only while
 * shown. `id` null: nothing is asked.
 */
export function useSecret(id: string | null) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.secret(id ?? ''),
    queryFn: () => vault.readSecret(id ?? ''),
    enabled: id !== null,
    gcTime: 0,
  });
}

/** An older version of a secret, decrypted on demand (null: none is being looked at). */
export function useSecretAtVersion(id: string, version: number | null) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.secretAtVersion(id, version),
    queryFn: () => vault.readSecret(id, version ?? undefined),
    enabled: version !== null,
    gcTime: 0,
  });
}

export function useSecretVersions(id: string) {
  const vault = useVault();
  return useQuery({
    queryKey: queryKeys.versions(id),
    queryFn: () => vault.client.request('listSecretVersions', { id }),
  });
}

/** After a secret changed: the lists, the folder counts, the secret itself and its versions. */
function useRefreshSecret() {
  const queryClient = useQueryClient();
  const refreshLists = useRefreshLists();
  return (id: string) =>
    Promise.all([
      refreshLists(),
      queryClient.invalidateQueries({ queryKey: queryKeys.secret(id) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.versions(id) }),
    ]);
}

export type SaveSecret =
  | { kind: 'create'; input: NewSecretInput }
  /** A read-write recipient changes the value only. */
  | { kind: 'value'; existing: OpenedSecret; payload: NewSecretInput['payload'] }
  /** The owner: metadata, and the payload only when it changed. */
  | {
      kind: 'update';
      existing: OpenedSecret;
      meta: Omit<NewSecretInput, 'payload'>;
      payload?: NewSecretInput['payload'];
    };

/**
 * `onSaved` runs here, not at the call: the refresh brings the new version, and the editor of the old one
 * (keyed by its version) is gone by then.
 */
export function useSaveSecret(onSaved: (id: string) => void) {
  const vault = useVault();
  const refresh = useRefreshSecret();
  return useMutation({
    mutationFn: async (save: SaveSecret) => {
      if (save.kind === 'create') return vault.createSecret(save.input);
      if (save.kind === 'value')
        return vault.updateSecret(save.existing.id, save.existing.version, { payload: save.payload });
      // The secret as read (version and revision): a rename made meanwhile elsewhere is a conflict.
      return vault.updateSecret(save.existing.id, save.existing, {
        ...save.meta,
        ...(save.payload && { payload: save.payload }),
      });
    },
    onSuccess: async (saved) => {
      await refresh(saved.id);
      onSaved(saved.id);
    },
  });
}

/** Moves the secret to the trash; `onDone` runs here, since the view that asked closes with it. */
export function useDeleteSecret(id: string, onDone: () => void) {
  const vault = useVault();
  const refreshLists = useRefreshLists();
  return useMutation({
    mutationFn: () => vault.client.request('deleteSecret', { id }),
    onSuccess: async () => {
      await refreshLists();
      onDone();
    },
  });
}

export function useUndeleteSecret(id: string, onDone: () => void) {
  const vault = useVault();
  const refreshLists = useRefreshLists();
  return useMutation({
    mutationFn: () => vault.client.request('undeleteSecret', { id }),
    onSuccess: async () => {
      await refreshLists();
      onDone();
    },
  });
}

/**
 * Makes an older value the newest version (decrypted here, encrypted again as a new version).
 * `onRestored` runs before the refresh, so the history closes the old value before the new one arrives.
 */
export function useRestoreVersion(secret: OpenedSecret, onRestored: () => void) {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (version: number) => {
      const previous = await vault.readSecret(secret.id, version);
      return vault.updateSecret(secret.id, secret.version, { payload: previous.payload });
    },
    onSuccess: () => {
      onRestored();
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.secret(secret.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.versions(secret.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.secrets }),
      ]);
    },
  });
}
