// Handlers for statistics (the admin console's charts) and the metrics /metrics renders.
import { randomBytes } from 'node:crypto';
import { SCRAPE_TOKEN_PREFIX, type statsOperations } from '../../contract/ops-stats.ts';
import { constantTimeEqualHex, sha256Hex } from '../auth/tokens.ts';
import { OpError } from '../errors.ts';
import type { HandlersFor, OpContext } from '../monitor/context.ts';
import { loadScrapeToken, saveScrapeToken } from '../settings/settings-repo.ts';
import { LATENCY_BOUNDS_SECONDS } from '../stats/latency-histogram.ts';
import { queryStatistics } from '../stats/stats-query.ts';
import { findUserById } from '../users/users-repo.ts';

export const statsHandlers: HandlersFor<keyof typeof statsOperations> = {
  getStatistics: async (ctx, { range }) => {
    const stats = await queryStatistics(ctx.store, ctx.stats, range, ctx.now);
    // Names are sealed at rest: only the ten shown are opened.
    const topUsers = await Promise.all(
      stats.topUsers.map(async (u) => {
        const user = await findUserById(ctx.store, ctx.keyring, u.userId);
        return { ...u, username: user?.username ?? null, displayName: user?.displayName ?? null };
      }),
    );
    return { ...stats, topUsers };
  },

  readMetrics: (ctx) => currentMetrics(ctx),

  scrapeMetrics: async (ctx, { token }) => {
    const stored = await loadScrapeToken(ctx.db, ctx.keyring);
    // Compared as hashes, in constant time: the token itself is never stored.
    if (!stored || !constantTimeEqualHex(sha256Hex(token), stored.hash)) {
      throw new OpError('unauthenticated', 'this scrape token is not (or no longer) valid', {
        auditCode: stored ? 'wrong_scrape_token' : 'no_scrape_token',
      });
    }
    return currentMetrics(ctx);
  },

  getScrapeToken: async (ctx) => {
    const stored = await loadScrapeToken(ctx.db, ctx.keyring);
    return { exists: stored !== null, createdAt: stored?.createdAt ?? null };
  },

  createScrapeToken: async (ctx) => {
    const token = `${SCRAPE_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record = { hash: sha256Hex(token), createdAt: ctx.nowIso };
    await ctx.atomically((trx) => saveScrapeToken(trx, ctx.keyring, record, ctx.nowIso));
    return { token, createdAt: ctx.nowIso };
  },

  revokeScrapeToken: async (ctx) => {
    await ctx.atomically((trx) => saveScrapeToken(trx, ctx.keyring, null, ctx.nowIso));
    return { ok: true as const };
  },
};

/** The counters since start and the gauges now: what readMetrics and scrapeMetrics answer. */
async function currentMetrics(ctx: OpContext) {
  const { totals, sampleGauges } = ctx.stats;
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
}
