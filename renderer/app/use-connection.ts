// The desktop app's connection as queries: hosting its own vault or a client of a server elsewhere, meeting
// a server (its CA fingerprint) and pinning it. A change of backend reloads the window, signed out.
import { useMutation, useQuery } from '@tanstack/react-query';
import type { DesktopInputOf } from '../../contract/index.ts';
import { queryKeys } from './query-keys.ts';
import { useSession } from './session-context.tsx';

/** The window starts over against the new backend: its session belongs to the old one. */
export function reloadWindow(): void {
  window.location.reload();
}

/** Host or client mode; null data (and never asked) where there is no choice (a browser). */
export function useAppMode() {
  const { platform } = useSession();
  const connection = platform.connection;
  return useQuery({
    queryKey: queryKeys.appMode,
    queryFn: () => connection?.mode() ?? null,
    enabled: connection !== null,
  });
}

export function useSwitchToHost(onSwitched: () => void) {
  const { platform } = useSession();
  return useMutation({
    mutationFn: async () => platform.connection?.switchToHost() ?? null,
    onSuccess: onSwitched,
  });
}

/** Meets a server without trusting it yet: the fingerprint a person compares before connecting. */
export function useProbeServer() {
  const { platform } = useSession();
  return useMutation({
    mutationFn: async (address: string) => platform.connection?.probe(address) ?? null,
  });
}

/** Pins the server met (by its CA fingerprint, or by a CA certificate file) and reloads against it. */
export function useConnectServer() {
  const { platform } = useSession();
  return useMutation({
    mutationFn: async (pin: DesktopInputOf<'desktop.connectServer'>) => {
      await platform.connection?.connect(pin);
    },
    onSuccess: reloadWindow,
  });
}
