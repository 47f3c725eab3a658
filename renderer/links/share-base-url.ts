// Where a link's page is: the server the window talks to. A browser is served by it (its own origin); the
// desktop window asks its connection (client mode) or the host's listener (host mode, when exposed).
import type { VaultSession } from '../../client/index.ts';
import type { Platform } from '../platform/platform.ts';

export async function shareBaseUrl(platform: Platform, vault: VaultSession): Promise<string | null> {
  if (window.location.protocol === 'https:') return window.location.origin;
  const mode = await platform.connection?.mode();
  if (mode?.mode === 'client' && mode.url) return mode.url;
  const status = await vault.client.call('getNetworkStatus', {});
  return status.ok ? (status.value.listener?.url ?? null) : null;
}
