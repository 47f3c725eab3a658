// The sealed server's calls: unseal with the passphrase (kept in the keychain if asked) or one key share,
// unseal with the keychain's passphrase, or start the key shares over. Each answer is the new status.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SealStatus } from '../../contract/index.ts';
import { queryKeys } from '../app/query-keys.ts';
import { useSession } from '../app/session-context.tsx';
import { useStatusUpdate } from '../app/use-server-status.ts';

export function useUnseal(method: SealStatus['method']) {
  const { client, platform } = useSession();
  const queryClient = useQueryClient();
  const status = useStatusUpdate();
  return useMutation({
    mutationFn: async ({ secret, remember }: { secret: string; remember: boolean }) => {
      const answer = await client.request(
        'unseal',
        method === 'shares' ? { share: secret.trim() } : { passphrase: secret },
      );
      if (method === 'passphrase' && remember && platform.keychain) await platform.keychain.remember(secret);
      return answer;
    },
    onSuccess: (answer) => {
      status.set(answer);
      void queryClient.invalidateQueries({ queryKey: queryKeys.keychain });
    },
  });
}

export function useUnsealWithKeychain() {
  const { platform } = useSession();
  const status = useStatusUpdate();
  return useMutation({
    mutationFn: async () => {
      await platform.keychain?.unseal();
    },
    onSuccess: () => status.refresh(),
  });
}

export function useResetUnsealShares() {
  const { client } = useSession();
  const status = useStatusUpdate();
  return useMutation({
    mutationFn: () => client.request('unseal', { reset: true }),
    onSuccess: (answer) => status.set(answer),
  });
}
