// Handlers for where the server listens and the CA certificate clients pin.
import type { networkOperations } from '../../contract/ops-network.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor } from '../monitor/context.ts';
import type { ServerState } from '../server-state.ts';
import { listenerOf } from '../transport/listener.ts';

function managerOf(state: ServerState) {
  const manager = listenerOf(state);
  if (!manager) throw new OpError('not_found', 'this server was started without network settings');
  return manager;
}

export const networkHandlers: HandlersFor<keyof typeof networkOperations> = {
  getNetworkStatus: async (ctx) => {
    const manager = managerOf(ctx.state);
    // A move under way (e.g. the one that follows an unseal) finishes first: the answer is where it listens.
    await manager.settled();
    return manager.status();
  },
  getServerCa: async (ctx) => managerOf(ctx.state).ca,
};
