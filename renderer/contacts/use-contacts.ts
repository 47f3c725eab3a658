// Contacts as queries: listed with their key pins checked in this client (a swapped key shows as changed),
// looked up by name, added (pinned), accepted after a key change, removed; and one contact's thread.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PinnedContact } from '../../client/index.ts';
import type { Principal } from '../../contract/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useVault } from '../app/session-context.tsx';

export function useContacts(query = '') {
  const vault = useVault();
  return useQuery<PinnedContact[]>({
    queryKey: queryKeys.contactsMatching(query),
    queryFn: () => vault.sharing.contacts(query || undefined),
    placeholderData: (previous) => previous,
  });
}

/** What was shared with a contact and by them, newest first. */
export function useThread(userId: string) {
  const vault = useVault();
  return useQuery({ queryKey: queryKeys.thread(userId), queryFn: () => vault.sharing.thread(userId) });
}

/** After a change to a contact: their thread and the contact list (counts, key state) are asked again. */
export function useRefreshContact(userId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.thread(userId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.contacts }),
    ]);
}

/** Looks a name up: the principal and its key's fingerprint, to compare out of band before pinning. */
export function useFindPrincipal() {
  const vault = useVault();
  return useMutation({ mutationFn: (username: string) => vault.sharing.find(username) });
}

export function useAddContact() {
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (principal: Principal) => vault.sharing.addContact(principal),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.contacts }),
  });
}

export function useAcceptNewKey(contact: PinnedContact) {
  const vault = useVault();
  const refresh = useRefreshContact(contact.userId);
  return useMutation({ mutationFn: () => vault.sharing.acceptNewKey(contact), onSuccess: refresh });
}

/** `onRemoved` runs here, not at the call: the thread that asked is gone once the list no longer has them. */
export function useRemoveContact(userId: string, onRemoved: () => void) {
  const vault = useVault();
  const refresh = useRefreshContact(userId);
  return useMutation({
    mutationFn: () => vault.sharing.removeContact(userId),
    onSuccess: async () => {
      await refresh();
      onRemoved();
    },
  });
}
