// Connected clients, login history and the reachability check of client hosts (staff look; admins end sessions).
import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';
import { defineOperation } from './define.ts';
import { EXAMPLE_SESSION_ID } from './examples.ts';
import { DEFAULT_REACHABILITY_PORT, reachabilityTargetsSchema } from './reachability-targets.ts';
import { adminOnly, clientKindSchema, roleSchema, staffRoles } from './roles.ts';

/** What a login attempt came to; the logins table records one of these per attempt. */
export const loginResults = [
  'ok',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'outside_login_hours',
] as const;
export type LoginResult = (typeof loginResults)[number];

export const connectedClientSchema = z.object({
  sessionId: z.uuid(),
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  /** A person signing in, or a machine identity (CI, services) using the CLI or the API. */
  identity: z.enum(['person', 'machine']),
  role: roleSchema,
  clientKind: clientKindSchema,
  address: z.string(),
  port: z.int(),
  loginAt: timestampSchema,
  lastSeenAt: timestampSchema,
  expiresAt: timestampSchema,
  /** Requests made in this session since login (refused ones included). */
  operations: z.int(),
  /** The server node that served the session last (several nodes may share one database). */
  node: z.string(),
  /** The caller's own session. */
  current: z.boolean(),
});
export type ConnectedClient = z.infer<typeof connectedClientSchema>;

export const loginEntrySchema = z.object({
  seq: z.int(),
  time: timestampSchema,
  /** Null when the name tried matches no user (the name itself is not kept). */
  userId: z.string().nullable(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  address: z.string(),
  port: z.int(),
  clientKind: clientKindSchema,
  result: z.enum(loginResults),
});
export type LoginEntry = z.infer<typeof loginEntrySchema>;

export const reachabilityStatuses = ['open', 'closed', 'timeout', 'unreachable', 'no_such_host'] as const;
export type ReachabilityStatus = (typeof reachabilityStatuses)[number];

export const reachabilityEntrySchema = z.object({
  /** The host name or address checked. */
  target: z.string(),
  /** The address connected to (a name's first resolved address); null when a name did not resolve. */
  address: z.string().nullable(),
  status: z.enum(reachabilityStatuses),
  /** How long the answer took, when there was one. */
  ms: z.int().nullable(),
});
export type ReachabilityEntry = z.infer<typeof reachabilityEntrySchema>;

export const clientOperations = {
  listClients: defineOperation({
    summary:
      'Sessions open now (not ended, expired or idle past the timeout), newest activity first, with who, from where and how busy.',
    input: z
      .object({
        userId: idSchema.optional(),
        limit: z.int().min(1).max(1000).default(500),
      })
      .strict(),
    output: z.object({ clients: z.array(connectedClientSchema), total: z.int() }),
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/clients' },
    example: { limit: 100 },
  }),
  endClientSession: defineOperation({
    summary:
      'End one client’s session now: its next request is refused. Administrators only (moderators look); all of a user’s sessions: endUserSessions.',
    input: z.object({ sessionId: idSchema }).strict(),
    output: z.object({ ended: z.boolean() }),
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'DELETE', path: '/v1/clients/:sessionId' },
    example: { sessionId: EXAMPLE_SESSION_ID },
    auditTarget: 'sessionId',
  }),
  listLoginHistory: defineOperation({
    summary: 'Every login attempt, newest first, filtered by user, result ("failed" = any refusal) and time.',
    input: z
      .object({
        userId: idSchema.optional(),
        result: z.enum([...loginResults, 'failed']).optional(),
        from: timestampSchema.optional(),
        to: timestampSchema.optional(),
        cursor: z
          .string()
          .regex(/^\d{1,15}$/, { message: 'must be a cursor from a previous page' })
          .optional(),
        limit: z.int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ entries: z.array(loginEntrySchema), nextCursor: z.string().nullable() }),
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'GET', path: '/v1/logins' },
    example: { result: 'failed', limit: 50 },
  }),
  checkReachability: defineOperation({
    summary:
      'TCP-connect to each host, address, range (192.168.1.1-254) or CIDR block (/24 at most), 1024 addresses at most, one check per user at a time. A host that answers counts as reachable, whether the port is open or refuses the connection (a refusal proves the host is up).',
    input: z
      .object({
        targets: reachabilityTargetsSchema,
        port: z.int().min(1).max(65535).default(DEFAULT_REACHABILITY_PORT),
        timeoutMs: z.int().min(100).max(5000).default(1500),
      })
      .strict(),
    output: z.object({
      port: z.int(),
      checked: z.int(),
      reachable: z.array(reachabilityEntrySchema),
      unreachable: z.array(reachabilityEntrySchema),
    }),
    access: { kind: 'session', roles: staffRoles },
    route: { method: 'POST', path: '/v1/clients/reachability' },
    // A loopback target: answered at once whether or not anything listens, so the policy matrix never waits.
    example: { targets: ['127.0.0.1'], port: 7777, timeoutMs: 500 },
  }),
};
