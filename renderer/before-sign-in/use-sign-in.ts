// Signing in (which opens the vault session) and redeeming an enrollment code for a new account.
import { useMutation } from '@tanstack/react-query';
import { VaultSession } from '../../client/index.ts';
import type { KdfParamsInput } from '../../contract/index.ts';
import { useSession } from '../app/session-context.tsx';

export function useSignIn() {
  const { signIn } = useSession();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      signIn(username, password),
  });
}

export function useEnroll() {
  const { client } = useSession();
  return useMutation({
    mutationFn: (input: { username: string; code: string; password: string; kdf: KdfParamsInput }) =>
      VaultSession.enroll(client, input.username, input.code, input.password, input.kdf),
  });
}
