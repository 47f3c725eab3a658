// The signed-in user's vault session, held in memory only: locking or signing out drops it and its keys.
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { KeyholdClient, VaultSession } from '../../client/index.ts';
import type { LockReason } from '../../contract/index.ts';
import type { Platform } from '../platform/platform.ts';
import { queryKeys } from './query-keys.ts';
import { onSessionOver } from './session-errors.ts';

export type LockCause = LockReason | 'expired' | 'signed-out';

interface SessionContextValue {
  platform: Platform;
  client: KeyholdClient;
  vault: VaultSession | null;
  /** The user who was signed in before the last lock: the login screen offers to unlock as them. */
  lockedAs: string | null;
  lockCause: LockCause | null;
  signIn(username: string, password: string): Promise<void>;
  lock(cause: LockCause): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ platform, children }: { platform: Platform; children: ReactNode }) {
  const client = useMemo(() => new KeyholdClient(platform.transport), [platform]);
  const [vault, setVault] = useState<VaultSession | null>(null);
  const [lockedAs, setLockedAs] = useState<string | null>(null);
  const [lockCause, setLockCause] = useState<LockCause | null>(null);
  const vaultRef = useRef<VaultSession | null>(null);
  const queryClient = useQueryClient();

  const drop = useCallback(
    async (cause: LockCause) => {
      const current = vaultRef.current;
      vaultRef.current = null;
      setVault(null);
      setLockCause(cause);
      if (current) {
        setLockedAs(cause === 'signed-out' ? null : current.user.username);
        // logout() wipes the private key even when the server cannot be told.
        await current.logout().catch(() => {});
      } else {
        client.setToken(null);
      }
      // Nothing of the vault (names, decrypted items) stays in memory after a lock.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.status[0] });
      await queryClient.invalidateQueries({ queryKey: queryKeys.status });
    },
    [client, queryClient],
  );

  const signIn = useCallback(
    async (username: string, password: string) => {
      const session = await VaultSession.login(client, username, password, platform.kind);
      vaultRef.current = session;
      setVault(session);
      setLockedAs(null);
      setLockCause(null);
    },
    [client, platform.kind],
  );

  const lock = drop;

  useEffect(() => onSessionOver(() => void drop('expired')), [drop]);
  useEffect(() => platform.onLock((reason) => void drop(reason)), [platform, drop]);

  const value = useMemo(
    () => ({ platform, client, vault, lockedAs, lockCause, signIn, lock }),
    [platform, client, vault, lockedAs, lockCause, signIn, lock],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The vault of a signed-in screen; those screens are only rendered while one exists. */
export function useVault(): VaultSession {
  const { vault } = useSession();
  if (!vault) throw new Error('useVault without a signed-in session');
  return vault;
}
