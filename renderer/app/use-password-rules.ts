// The server's rules for a new password (what it must be, and the KDF to derive it with), for the forms
// where one is chosen. Until they arrive, or if they cannot be had, the client's defaults stand.
import { useQuery } from '@tanstack/react-query';
import { DEFAULT_KDF_PARAMS } from '../../client/crypto/index.ts';
import { DEFAULT_PASSWORD_POLICY } from '../../client/index.ts';
import type { KdfParamsInput, PasswordPolicy } from '../../contract/index.ts';
import { queryKeys } from './query-keys.ts';
import { useSession } from './session-context.tsx';

export interface PasswordRules {
  policy: PasswordPolicy;
  kdf: KdfParamsInput;
}

export function usePasswordRules(): PasswordRules {
  const { client } = useSession();
  const rules = useQuery({
    queryKey: queryKeys.passwordRules,
    queryFn: () => client.request('getPasswordRules', {}),
    staleTime: 60_000,
  });
  return rules.data ?? { policy: DEFAULT_PASSWORD_POLICY, kdf: DEFAULT_KDF_PARAMS };
}
