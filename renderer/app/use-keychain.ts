// This computer's keychain (desktop only) as queries: whether it can keep the unseal passphrase, and does.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from './query-keys.ts';
import { useSession } from './session-context.tsx';

export function useKeychainStatus() {
  const { platform } = useSession();
  const keychain = platform.keychain;
  return useQuery({
    queryKey: queryKeys.keychain,
    queryFn: () => keychain?.status() ?? null,
    enabled: keychain !== null,
  });
}

export function useForgetKeychainPassphrase() {
  const { platform } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => platform.keychain?.forget(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.keychain }),
  });
}
