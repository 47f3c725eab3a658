// Handlers for the clients screen: sessions open now, ending one, the login history, the reachability check.

import type { clientOperations } from '../../contract/ops-clients.ts';
import { expandTarget } from '../../contract/reachability-targets.ts';
import { listLiveSessions, listLogins } from '../clients/clients-queries.ts';
import { checkReachability } from '../clients/reachability-checker.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor } from '../monitor/context.ts';
import { endSessions, findSession } from '../sessions/sessions-repo.ts';

export const clientHandlers: HandlersFor<keyof typeof clientOperations> = {
  listClients: async (ctx, input) => {
    const session = ctx.session;
    return listLiveSessions(ctx.store, ctx.keyring, {
      now: ctx.now,
      idleMinutes: ctx.state.settings.session.idleMinutes,
      userId: input.userId,
      limit: input.limit,
      currentSessionId: session.sessionId,
      node: ctx.node,
    });
  },

  endClientSession: async (ctx, { sessionId }) => {
    const row = await findSession(ctx.db, sessionId);
    if (!row) throw new OpError('not_found', 'no such session', { field: 'sessionId' });
    const ended = await ctx.atomically((trx) =>
      endSessions(trx, { sessionId }, 'ended_by_admin', ctx.nowIso),
    );
    return { ended: ended > 0 };
  },

  listLoginHistory: async (ctx, input) => listLogins(ctx.store, ctx.keyring, input),

  checkReachability: async (ctx, input) => {
    const session = ctx.session;
    const targets = input.targets.flatMap(expandTarget);
    // The audit entry records how many addresses were tried, not which: the list is the caller's input.
    ctx.setTarget(`${targets.length} targets`);
    const report = ctx.reachability.run(session.userId, () =>
      checkReachability(targets, { port: input.port, timeoutMs: input.timeoutMs }),
    );
    if (!report) {
      throw new OpError(
        'rate_limited',
        'a reachability check of yours is still running: wait for it to end',
        {
          retryAfter: 5,
        },
      );
    }
    return { port: input.port, checked: targets.length, ...(await report) };
  },
};
