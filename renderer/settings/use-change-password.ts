// Changing one's own password: the private key is re-wrapped here under the new one before it is sent.
import { useMutation } from '@tanstack/react-query';
import type { KdfParamsInput } from '../../contract/index.ts';
import { useVault } from '../app/session-context.tsx';

export function useChangePassword() {
  const vault = useVault();
  return useMutation({
    mutationFn: ({ current, next, kdf }: { current: string; next: string; kdf: KdfParamsInput }) =>
      vault.changePassword(current, next, kdf),
  });
}
