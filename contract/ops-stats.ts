// Statistics over time for staff (charts and top tables), and the counters /metrics renders for administrators.
import { z } from 'zod';
import { ack, empty, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { adminOnly, clientKindSchema, staffRoles } from './roles.ts';

/** hour: 60 one-minute buckets; day: 96 of 15 minutes; month: 120 of 6 hours (30 days). */
export const statsRanges = ['hour', 'day', 'month'] as const;
export type StatsRange = (typeof statsRanges)[number];

/** `khm_` and 43 base64url characters (256 random bits): recognisable in a config file and in a leak scan. */
export const SCRAPE_TOKEN_PREFIX = 'khm_';
const scrapeTokenSchema = z
  .string()
  .regex(/^khm_[A-Za-z0-9_-]{43}$/, { message: 'must be a Keyhold scrape token (khm_…)' });

const count = z.int().nonnegative();
const counts = z.array(count);
/** null where the bucket has no sample (the server was not running, or the value was unknown). */
const samples = z.array(z.number().nullable());

export const statisticsSchema = z.object({
  range: z.enum(statsRanges),
  bucketSeconds: z.int(),
  from: timestampSchema,
  to: timestampSchema,
  /** Each bucket's start, in seconds since the epoch. */
  times: z.array(z.number()),
  /** The busiest operations, then "other" for the rest. */
  requests: z.array(z.object({ operation: z.string(), counts })),
  logins: z.object({ ok: counts, failed: counts }),
  /** Refusals and errors by the code the audit log records. */
  refusals: z.array(z.object({ code: z.string(), counts })),
  sessionsActive: samples,
  secrets: samples,
  shares: samples,
  latency: z.object({ p50Ms: samples, p95Ms: samples }),
  totals: z.object({
    requests: count,
    refused: count,
    errors: count,
    loginsOk: count,
    loginsFailed: count,
    p50Ms: z.number().nullable(),
    p95Ms: z.number().nullable(),
  }),
  topUsers: z.array(
    z.object({
      userId: z.string(),
      /** null for a user since deleted from the users table. */
      username: z.string().nullable(),
      displayName: z.string().nullable(),
      requests: count,
      refusals: count,
    }),
  ),
  topClients: z.array(
    z.object({
      /** null for calls made without a session (sign-in attempts, status). */
      clientKind: clientKindSchema.nullable(),
      address: z.string(),
      requests: count,
      lastSeen: timestampSchema,
    }),
  ),
  /** The server nodes that served the period (one, unless several share a PostgreSQL store). */
  nodes: z.array(
    z.object({
      node: z.string(),
      requests: count,
      refused: count,
      /** The start of the newest minute the node served anything in. */
      lastSeen: timestampSchema,
    }),
  ),
});
export type Statistics = z.infer<typeof statisticsSchema>;

export const metricsSchema = z.object({
  startedAt: timestampSchema,
  requests: z.array(z.object({ operation: z.string(), status: z.enum(['ok', 'denied', 'error']), count })),
  refusals: z.array(z.object({ code: z.string(), count })),
  logins: z.object({ ok: count, failed: count }),
  latency: z.object({
    /** Upper bounds in seconds; `counts` has one more entry, for slower than the last bound. */
    bounds: z.array(z.number()),
    counts,
    sumSeconds: z.number(),
  }),
  sessionsActive: count.nullable(),
  secrets: count.nullable(),
  shares: count.nullable(),
});
export type Metrics = z.infer<typeof metricsSchema>;

export const statsOperations = {
  getStatistics: defineOperation({
    summary:
      'Requests, sign-ins, refusals, sessions, secrets, shares and latency over the last hour, day or 30 days, with the top users and clients.',
    input: z.object({ range: z.enum(statsRanges).default('hour') }).strict(),
    output: statisticsSchema,
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/statistics' },
    example: { range: 'day' },
  }),
  readMetrics: defineOperation({
    summary:
      'The counters since the server started and the current gauges; GET /metrics serves them in the Prometheus text format.',
    input: empty,
    output: metricsSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'GET', path: '/v1/metrics' },
    example: {},
  }),
  scrapeMetrics: defineOperation({
    summary:
      'The same metrics for a Prometheus server, with the scrape token an administrator made (GET /metrics with it as the Bearer token): no session, no operation number, nothing else it can do.',
    input: z.object({ token: scrapeTokenSchema }).strict(),
    output: metricsSchema,
    access: { kind: 'public' },
    route: { method: 'POST', path: '/v1/metrics/scrape' },
    example: { token: 'khm_gQDrdSSdN9g0GdeRZWtfbfn3VmZbDewq6QHapzK91mY' },
  }),
  getScrapeToken: defineOperation({
    summary:
      'Whether a Prometheus scrape token exists, and since when (the token itself is shown once, when made).',
    input: empty,
    output: z.object({ exists: z.boolean(), createdAt: timestampSchema.nullable() }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'GET', path: '/v1/metrics/scrape-token' },
    example: {},
  }),
  createScrapeToken: defineOperation({
    summary:
      'Make a new Prometheus scrape token, replacing any other; it is shown this once and kept only as a hash.',
    input: empty,
    output: z.object({ token: scrapeTokenSchema, createdAt: timestampSchema }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'POST', path: '/v1/metrics/scrape-token' },
    example: {},
  }),
  revokeScrapeToken: defineOperation({
    summary: 'Remove the Prometheus scrape token: scrapes with it are refused from now on.',
    input: empty,
    output: ack,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'DELETE', path: '/v1/metrics/scrape-token' },
    example: {},
  }),
};
