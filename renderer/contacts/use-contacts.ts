// Contacts as queries: listed with their key pins checked in this client (a swapped key shows as changed).
import { useQuery } from '@tanstack/react-query';
import type { PinnedContact } from '../../client/index.ts';
import { useVault } from '../app/session-context.tsx';

export function useContacts(query = '') {
  const vault = useVault();
  return useQuery<PinnedContact[]>({
    queryKey: ['contacts', query],
    queryFn: () => vault.sharing.contacts(query || undefined),
    placeholderData: (previous) => previous,
  });
}
