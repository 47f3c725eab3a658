// Handlers for where the server listens and the CA certificate clients pin.
import type { networkOperations } from '../../contract/ops-network.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';

function managerOf(ctx: OpContext) {
  const manager = ctx.listener;
  if (!manager) throw new OpError('not_found', 'this server was started without network settings');
  return manager;
}

export const networkHandlers: HandlersFor<keyof typeof networkOperations> = {
  getNetworkStatus: async (ctx) => {
    const manager = managerOf(ctx);
    // A move under way (e.g. the one that follows an unseal) finishes first: the answer is where it listens.
    await manager.settled();
    return manager.status();
  },
  getServerCa: async (ctx) => managerOf(ctx).ca,
};
