// Handlers for statistics (the admin console's charts) and the metrics /metrics renders.
import type { statsOperations } from '../contract/ops-stats.ts';
import type { HandlersFor } from '../monitor/context.ts';
import { LATENCY_BOUNDS_SECONDS } from '../stats/latency-histogram.ts';
import { queryStatistics } from '../stats/stats-query.ts';
import { findUserById } from '../users/users-repo.ts';

export const statsHandlers: HandlersFor<keyof typeof statsOperations> = {
  getStatistics: async (ctx, { range }) => {
    const { state } = ctx;
    const stats = await queryStatistics(state.store, state.stats, range, ctx.now);
    // Names are sealed at rest: only the ten shown are opened.
    const topUsers = await Promise.all(
      stats.topUsers.map(async (u) => {
        const user = await findUserById(state.store, ctx.keyring, u.userId);
        return { ...u, username: user?.username ?? null, displayName: user?.displayName ?? null };
      }),
    );
    return { ...stats, topUsers };
  },

  readMetrics: async (ctx) => {
    const { totals, sampleGauges } = ctx.state.stats;
    const gauges = await sampleGauges();
    const requests = [...totals.requests.entries()].flatMap(([operation, [ok, denied, error]]) =>
      (
        [
          ['ok', ok],
          ['denied', denied],
          ['error', error],
        ] as const
      )
        .filter(([, count]) => count > 0)
        .map(([status, count]) => ({ operation, status, count })),
    );
    return {
      startedAt: new Date(totals.startedAt).toISOString(),
      requests: requests.sort(
        (a, b) => a.operation.localeCompare(b.operation) || a.status.localeCompare(b.status),
      ),
      refusals: [...totals.codes.entries()]
        .map(([code, count]) => ({ code, count }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      logins: { ...totals.logins },
      latency: {
        bounds: [...LATENCY_BOUNDS_SECONDS],
        counts: [...totals.latency],
        sumSeconds: totals.latencySum,
      },
      ...gauges,
    };
  },
};
