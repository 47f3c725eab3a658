// First run's one server call: set the server up (keyring, unseal method, first administrator), and keep
// the unseal passphrase in this computer's keychain when asked to.
import { useMutation } from '@tanstack/react-query';
import { DEFAULT_KDF_PARAMS } from '../../client/crypto/index.ts';
import { VaultSession } from '../../client/index.ts';
import type { InputOf } from '../../contract/index.ts';
import { useSession } from '../app/session-context.tsx';
import { useStatusUpdate } from '../app/use-server-status.ts';

export interface FirstRunInput {
  unseal: InputOf<'init'>['unseal'];
  admin: { username: string; displayName: string; password: string };
  /** Keep the unseal passphrase in the keychain (only where it can, and only for a passphrase). */
  rememberPassphrase: boolean;
}

export function useInitializeServer() {
  const { client, platform } = useSession();
  const status = useStatusUpdate();
  return useMutation({
    mutationFn: async ({ unseal, admin, rememberPassphrase }: FirstRunInput) => {
      const result = await VaultSession.initialize(client, { unseal, admin, kdf: DEFAULT_KDF_PARAMS });
      if (unseal.method === 'passphrase' && rememberPassphrase && platform.keychain) {
        await platform.keychain.remember(unseal.passphrase);
      }
      return result;
    },
    // Key shares are shown once before the window moves on; the screen refreshes the status after that.
    onSuccess: async (result) => {
      if (!result.shares) await status.refresh();
    },
  });
}
